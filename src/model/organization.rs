//! The AWS organization: OU tree, SCPs and where they are attached, and the derivation of
//! each account's path and effective SCPs. Used by offline and live collection alike.

use serde::{Deserialize, Serialize};

use super::scp::PolicyDocument;

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Organization {
    pub id: Option<String>,
    pub management_account_id: Option<String>,
    pub feature_set: Option<String>,
    /// Whether the SERVICE_CONTROL_POLICY type is enabled on the root; `None` = unknown.
    pub scp_enabled: Option<bool>,
    /// IAM organizations features (centralized root access); `None` = unknown.
    pub root_credentials_management: Option<bool>,
    pub root_sessions: Option<bool>,
    #[serde(default)]
    pub policies: Vec<Policy>,
    #[serde(default)]
    pub ous: Vec<OrganizationalUnit>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Policy {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aws_managed: bool,
    pub document: PolicyDocument,
    /// Ids of the roots, OUs and accounts the policy is attached to.
    #[serde(default)]
    pub targets: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrganizationalUnit {
    pub id: String,
    pub name: String,
    pub parent_id: String,
}

impl Organization {
    /// The path from the organization root down to `parent_id` (inclusive): `[root, ou, ou...]`.
    /// Walking up through the OUs must end at the root: `root_id`, or when that is not known an
    /// id shaped like one (`r-...`). Fails on any other id (a misspelt parent would otherwise
    /// cut the account off from every SCP above it) and on a cycle in the OU tree.
    pub fn path_to(&self, parent_id: &str, root_id: Option<&str>) -> Result<Vec<String>, String> {
        let mut path = vec![parent_id.to_string()];
        let mut current = parent_id;
        while let Some(ou) = self.ous.iter().find(|ou| ou.id == current) {
            if path.contains(&ou.parent_id) {
                return Err(format!("the OU tree has a cycle through {}", ou.id));
            }
            path.push(ou.parent_id.clone());
            current = &ou.parent_id;
        }
        let is_root = match root_id {
            Some(root) => current == root,
            None => current.starts_with("r-"),
        };
        if !is_root {
            let root = root_id.map_or(String::new(), |r| format!(" ({r})"));
            return Err(format!(
                "{current} is neither an OU of the organization nor its root{root}"
            ));
        }
        path.reverse();
        Ok(path)
    }

    /// Every SCP attached on the path root → OUs → account, in path order, each once.
    pub fn effective_scps(&self, parents: &[String], account_id: &str) -> Vec<String> {
        let mut ids: Vec<String> = Vec::new();
        for target in parents.iter().map(String::as_str).chain([account_id]) {
            for policy in &self.policies {
                if policy.targets.iter().any(|t| t == target) && !ids.contains(&policy.id) {
                    ids.push(policy.id.clone());
                }
            }
        }
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(id: &str, targets: &[&str]) -> Policy {
        Policy {
            id: id.into(),
            name: id.into(),
            aws_managed: false,
            document: PolicyDocument {
                version: None,
                statement: vec![],
            },
            targets: targets.iter().map(|t| t.to_string()).collect(),
        }
    }

    fn ou(id: &str, parent: &str) -> OrganizationalUnit {
        OrganizationalUnit {
            id: id.into(),
            name: id.into(),
            parent_id: parent.into(),
        }
    }

    #[test]
    fn scps_are_inherited_down_nested_ous() {
        let org = Organization {
            ous: vec![ou("ou-prod", "r-1"), ou("ou-pay", "ou-prod")],
            policies: vec![
                policy("p-full", &["r-1"]),
                policy("p-deny", &["ou-prod"]),
                policy("p-acct", &["333333333333"]),
                policy("p-other", &["ou-dev"]),
            ],
            ..Default::default()
        };
        let path = org.path_to("ou-pay", Some("r-1")).unwrap();
        assert_eq!(path, ["r-1", "ou-prod", "ou-pay"]);
        assert_eq!(
            org.effective_scps(&path, "333333333333"),
            ["p-full", "p-deny", "p-acct"]
        );
    }

    #[test]
    fn a_cycle_is_an_error() {
        let org = Organization {
            ous: vec![ou("ou-a", "ou-b"), ou("ou-b", "ou-a")],
            ..Default::default()
        };
        assert!(org.path_to("ou-a", None).unwrap_err().contains("cycle"));
    }

    #[test]
    fn a_parent_that_is_neither_an_ou_nor_the_root_is_an_error() {
        let org = Organization {
            ous: vec![ou("ou-prod", "r-1"), ou("ou-lost", "ou-gone")],
            ..Default::default()
        };
        assert_eq!(org.path_to("r-1", Some("r-1")).unwrap(), ["r-1"]);
        assert_eq!(org.path_to("ou-prod", None).unwrap(), ["r-1", "ou-prod"]);
        assert_eq!(
            org.path_to("ou-prd", Some("r-1")).unwrap_err(),
            "ou-prd is neither an OU of the organization nor its root (r-1)"
        );
        assert_eq!(
            org.path_to("ou-lost", Some("r-1")).unwrap_err(),
            "ou-gone is neither an OU of the organization nor its root (r-1)"
        );
        assert_eq!(
            org.path_to("ou-prd", None).unwrap_err(),
            "ou-prd is neither an OU of the organization nor its root"
        );
    }
}
