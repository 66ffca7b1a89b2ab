import json, os
OUT="/work/wt-d/examples/acme-iam-draft"
T="2024-03-01T12:00:00+00:00"
def aws(n): return f"arn:aws:iam::aws:policy/{n}"
ADMIN={"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}
DOCS={
 "AdministratorAccess":ADMIN,
 "ReadOnlyAccess":{"Version":"2012-10-17","Statement":[{"Sid":"ReadOnlyActions","Effect":"Allow","Action":["s3:Get*","s3:List*","ec2:Describe*","iam:Get*","iam:List*"],"Resource":"*"}]},
 "SecurityAudit":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["access-analyzer:List*","cloudtrail:Describe*","config:Describe*","iam:GenerateCredentialReport","iam:Get*","iam:List*"],"Resource":"*"}]},
 "AWSSupportAccess":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["support:*"],"Resource":"*"}]},
 "AWSCloudShellFullAccess":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudshell:*"],"Resource":"*"}]},
}
TRUST_ACCOUNT=lambda acct:{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":f"arn:aws:iam::{acct}:root"},"Action":"sts:AssumeRole"}]}
def uid(prefix,name): return (prefix+name.upper().replace(".","").replace("-",""))[:21].ljust(21,"X")
def user(acct,name,path="/",groups=(),attached=(),inline=()):
    return {"Path":path,"UserName":name,"UserId":uid("AIDA",name),"Arn":f"arn:aws:iam::{acct}:user{path}{name}","CreateDate":T,
            "UserPolicyList":[{"PolicyName":n,"PolicyDocument":d} for n,d in inline],
            "GroupList":list(groups),"AttachedManagedPolicies":[{"PolicyName":p.split('/')[-1],"PolicyArn":p} for p in attached],"Tags":[]}
def group(acct,name,attached=(),inline=()):
    return {"Path":"/","GroupName":name,"GroupId":uid("AGPA",name),"Arn":f"arn:aws:iam::{acct}:group/{name}","CreateDate":T,
            "GroupPolicyList":[{"PolicyName":n,"PolicyDocument":d} for n,d in inline],
            "AttachedManagedPolicies":[{"PolicyName":p.split('/')[-1],"PolicyArn":p} for p in attached]}
def role(acct,name,attached=(),inline=()):
    return {"Path":"/","RoleName":name,"RoleId":uid("AROA",name),"Arn":f"arn:aws:iam::{acct}:role/{name}","CreateDate":T,
            "AssumeRolePolicyDocument":TRUST_ACCOUNT(acct),"InstanceProfileList":[],
            "RolePolicyList":[{"PolicyName":n,"PolicyDocument":d} for n,d in inline],
            "AttachedManagedPolicies":[{"PolicyName":p.split('/')[-1],"PolicyArn":p} for p in attached],"Tags":[],"RoleLastUsed":{}}
def policies(acct,users,groups,roles,custom):
    counts={}
    for e in users+groups+roles:
        for a in e["AttachedManagedPolicies"]: counts[a["PolicyArn"]]=counts.get(a["PolicyArn"],0)+1
    out=[]
    for arn,n in sorted(counts.items()):
        name=arn.split('/')[-1]
        doc=DOCS.get(name) or custom[name]
        out.append({"PolicyName":name,"PolicyId":uid("ANPA",name),"Arn":arn,"Path":"/","DefaultVersionId":"v1","AttachmentCount":n,
            "PermissionsBoundaryUsageCount":0,"IsAttachable":True,"CreateDate":T,"UpdateDate":T,
            "PolicyVersionList":[{"Document":doc,"VersionId":"v1","IsDefaultVersion":True,"CreateDate":T}]})
    return out
def write(acct,users,groups,roles,custom={}):
    d={"UserDetailList":users,"GroupDetailList":groups,"RoleDetailList":roles,"Policies":policies(acct,users,groups,roles,custom),"IsTruncated":False}
    json.dump(d,open(f"{OUT}/{acct}.json","w"),indent=2); open(f"{OUT}/{acct}.json","a").write("\n")

a="111111111111"
write(a,[user(a,"breakglass-admin",attached=[aws("AdministratorAccess")]),
         user(a,"org-automation","/service/",groups=["automation"]),
         user(a,"security-auditor",groups=["auditors"])],
        [group(a,"auditors",[aws("SecurityAudit")]),
         group(a,"automation",[f"arn:aws:iam::{a}:policy/OrgAutomation"])],
        [role(a,"aws-support",[aws("AWSSupportAccess")])],
        {"OrgAutomation":{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["organizations:Describe*","organizations:List*"],"Resource":"*"}}})
a="222222222222"
write(a,[user(a,"alice.nguyen",groups=["developers"]),user(a,"bob.okafor",groups=["developers"]),
         user(a,"app-deploy","/service/",groups=["deployers"])],
        [group(a,"developers",[aws("ReadOnlyAccess"),aws("AWSCloudShellFullAccess")]),
         group(a,"deployers",[f"arn:aws:iam::{a}:policy/AppDeploy"])],
        [role(a,"app-runtime",inline=[("dynamodb-orders",{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":f"arn:aws:dynamodb:eu-west-1:{a}:table/orders"}]})])],
        {"AppDeploy":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecs:UpdateService","ecr:*"],"Resource":"*"}]}})
a="333333333333"
write(a,[user(a,"carol.diaz",groups=["analysts"]),user(a,"dave.kim",groups=["analysts"]),
         user(a,"etl-runner","/service/",inline=[("etl-s3",{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::acme-etl/*"}})]),
         user(a,"legacy-reporting","/service/",attached=[f"arn:aws:iam::{a}:policy/LegacyFullAccess"])],
        [group(a,"analysts",[aws("ReadOnlyAccess")])],
        [role(a,"support-desk",[aws("AWSSupportAccess")])],
        {"LegacyFullAccess":{"Version":"2012-10-17","Statement":[{"Sid":"Legacy","Effect":"Allow","Action":["*:*"],"Resource":["*"]}]}})
a="444444444444"
write(a,[user(a,"frank.moreau",groups=["engineers"]),user(a,"grace.lee",groups=["engineers"]),
         user(a,"payments-api","/service/",groups=["payments"])],
        [group(a,"engineers",[aws("ReadOnlyAccess")]),
         group(a,"payments",inline=[("payments-dynamodb",{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"dynamodb:*","Resource":f"arn:aws:dynamodb:eu-central-1:{a}:table/payments"}]})])],
        [role(a,"OrganizationAccountAccessRole",[aws("AdministratorAccess")])])
# 555555555555: no file (unknown).
a="666666666666"
write(a,[user(a,"build-bot","/ci/",groups=["ci"]),user(a,"judy.chen",groups=["developers"]),user(a,"ken.ito",groups=["developers"]),
         user(a,"old-jenkins","/ci/",groups=["ci"],inline=[("jenkins-admin",ADMIN)])],
        [group(a,"ci",[f"arn:aws:iam::{a}:policy/CiBuild"]),group(a,"developers",[aws("ReadOnlyAccess")])],
        [role(a,"support",[aws("AWSSupportAccess")])],
        {"CiBuild":{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["codebuild:*","s3:PutObject"],"Resource":"*"}]}})
