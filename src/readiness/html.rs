//! The readiness report as one self-contained HTML page: inline CSS, inline SVG charts (a
//! readiness gauge per framework, a stacked bar per control section, an account × control
//! heat map) and one small inline script that sorts and filters the findings table. Nothing
//! is fetched: the page's Content-Security-Policy allows no source at all except its own
//! inline style and that one script (by hash), so the report reads the same offline, in an
//! evidence archive, or printed to PDF (`@media print` drops the controls and starts each
//! framework on a new page). Without scripts everything is still shown, unsorted.

use std::fmt::Write as _;
use std::io::{self, Write};

use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::{human_time, plural, trend};
use crate::inventory::{Inventory, ORDERING};
use crate::readiness::{ControlStatus, FrameworkReadiness, Headline, Report};
use crate::results::{Status, WaiverState};

/// Escapes text for element content and double-quoted attributes.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Fill colour of a status in the charts (the CSS pills use lighter shades of the same hues).
fn color(status: ControlStatus) -> &'static str {
    match status {
        ControlStatus::Pass => "#1f883d",
        ControlStatus::Fail => "#cf222e",
        ControlStatus::Error => "#8250df",
        ControlStatus::Unknown => "#d4a72c",
        ControlStatus::AcceptedRisk => "#1b7c83",
        ControlStatus::NotApplicable => "#8c959f",
        ControlStatus::NoFindings => "#eaeef2",
        ControlStatus::Manual => "#54aeff",
    }
}

/// Text colour on a status's chart fill: dark on the light fills, white on the others.
fn ink(status: ControlStatus) -> &'static str {
    match status {
        ControlStatus::NoFindings | ControlStatus::Unknown | ControlStatus::Manual => "#1f2328",
        ControlStatus::Pass
        | ControlStatus::Fail
        | ControlStatus::Error
        | ControlStatus::AcceptedRisk
        | ControlStatus::NotApplicable => "#ffffff",
    }
}

/// A glyph in each heat-map cell, so the map reads in greyscale too.
fn glyph(status: ControlStatus) -> &'static str {
    match status {
        ControlStatus::Pass => "✓",
        ControlStatus::Fail => "✗",
        ControlStatus::Error => "!",
        ControlStatus::Unknown => "?",
        ControlStatus::AcceptedRisk => "~",
        ControlStatus::NotApplicable => "–",
        ControlStatus::NoFindings | ControlStatus::Manual => "",
    }
}

fn pill(status: ControlStatus) -> String {
    format!(
        r#"<span class="pill s-{}">{}</span>"#,
        status.as_str(),
        esc(status.label())
    )
}

fn finding_pill(status: Status) -> String {
    // A finding's status names its pill class, except where a control status shares the hue.
    let class = match status {
        Status::Pass => ControlStatus::Pass.as_str(),
        Status::Fail => ControlStatus::Fail.as_str(),
        Status::Unknown => ControlStatus::Unknown.as_str(),
        Status::NotApplicable => ControlStatus::NotApplicable.as_str(),
        Status::Error => ControlStatus::Error.as_str(),
        Status::Waived => "waived",
    };
    format!(r#"<span class="pill s-{class}">{}</span>"#, status.as_str())
}

/// A waiver's state as a pill: expired like a failure, stale and expiring as warnings.
fn waiver_pill(state: WaiverState) -> String {
    let class = match state {
        WaiverState::Expired => "fail",
        WaiverState::Stale | WaiverState::Expiring => "unknown",
        WaiverState::Active => "waived",
    };
    format!(r#"<span class="pill s-{class}">{}</span>"#, state.as_str())
}

/// Element ids from framework ids (`cis-aws-7.0` → `fw-cis-aws-7-0`).
fn anchor(id: &str) -> String {
    let safe: String = id
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("fw-{safe}")
}

const STYLE: &str = r#"
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--accent:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI","Noto Sans",Helvetica,Arial,"DejaVu Sans",sans-serif;color:var(--fg);background:#fff}
.wrap{max-width:1180px;margin:0 auto;padding:0 32px}
.masthead{background:#0d1117;color:#f0f6fc;padding:30px 0 26px}
.kicker{margin:0 0 4px;font-size:11px;letter-spacing:.09em;text-transform:uppercase;color:#9198a1}
.masthead h1{margin:0;font-size:27px;font-weight:600;letter-spacing:-.01em}
.masthead .sub{margin:6px 0 0;color:#c9d1d9}
.meta{display:flex;flex-wrap:wrap;gap:12px 36px;margin:20px 0 0}
.meta dt{font-size:11px;letter-spacing:.06em;text-transform:uppercase;color:#9198a1}
.meta dd{margin:2px 0 0;font-size:15px;font-weight:600}
main section{margin:38px 0}
h2{font-size:20px;font-weight:600;margin:0 0 16px;padding-bottom:8px;border-bottom:1px solid var(--line)}
h2 .muted{font-weight:400}
h3{font-size:15px;font-weight:600;margin:26px 0 10px}
p{margin:0 0 10px}
.muted{color:var(--muted)}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:12px}
.tag{font-size:12px;padding:1px 7px;border:1px solid var(--line);border-radius:6px;background:var(--soft);color:var(--muted);vertical-align:middle}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(196px,1fr));gap:14px}
.card{display:block;border:1px solid var(--line);border-radius:10px;padding:16px 16px 12px;color:inherit;text-decoration:none;background:#fff}
.card:hover{border-color:var(--accent)}
.card h3{margin:0;font-size:14px;line-height:1.35;min-height:4.05em}
.card .ver{font-size:12px;color:var(--muted);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.gauge{display:block;margin:6px auto 0}
.card .line{font-size:13px;text-align:center;color:var(--muted);margin:2px 0 0}
.stats{display:grid;grid-template-columns:1fr auto;gap:3px 12px;border-top:1px solid var(--line);margin:12px 0 0;padding-top:10px;font-size:12.5px}
.stats dt{color:var(--muted)}
.stats dd{margin:0;text-align:right;font-weight:600;font-variant-numeric:tabular-nums}
.up{color:#1a7f37}.down{color:#cf222e}
.c-fail{color:#cf222e}.c-warn{color:#9a6700}.risk{color:#0e5d63}
.note{font-size:12.5px;color:var(--muted);margin-top:12px;max-width:860px}
.evidence{display:grid;grid-template-columns:230px 1fr;margin:0;border:1px solid var(--line);border-radius:10px;overflow:hidden}
.evidence dt,.evidence dd{margin:0;padding:9px 14px;border-top:1px solid var(--line)}
.evidence dt:first-of-type,.evidence dt:first-of-type+dd{border-top:0}
.evidence dt{background:var(--soft);font-size:12.5px;font-weight:600;color:var(--muted)}
.evidence code{word-break:break-all}
.fw-head{display:flex;flex-wrap:wrap;gap:28px;align-items:center}
.numbers{flex:1;display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px}
.num{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.num b{display:block;font-size:21px;line-height:1.25}
.num span{font-size:12px;color:var(--muted)}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:12px;color:var(--muted);margin:8px 0 0}
.legend i{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;vertical-align:-1px}
.chart{display:block;max-width:100%;height:auto}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:7px 10px;border-bottom:1px solid var(--line);vertical-align:top}
thead th{background:var(--soft);font-size:11.5px;font-weight:600;letter-spacing:.04em;text-transform:uppercase;color:var(--muted);white-space:nowrap}
tbody tr:hover{background:#f8fafc}
td.id{white-space:nowrap;font-weight:600}
td.n{white-space:nowrap;font-variant-numeric:tabular-nums}
.sect td{background:var(--soft);font-weight:600;font-size:12.5px;color:var(--muted)}
.pill{display:inline-block;padding:1px 9px;border-radius:999px;border:1px solid transparent;font-size:12px;font-weight:600;white-space:nowrap}
.s-pass{background:#dafbe1;color:#116329;border-color:#aceebb}
.s-fail{background:#ffebe9;color:#a40e26;border-color:#ffcecb}
.s-error{background:#fbefff;color:#6639ba;border-color:#e6d2fb}
.s-unknown{background:#fff8c5;color:#7d4e00;border-color:#eedc8c}
.s-accepted_risk,.s-waived{background:#d8f3f1;color:#0e5d63;border-color:#a3dcd8}
.s-not_applicable{background:var(--soft);color:var(--muted);border-color:var(--line)}
.s-no_findings{background:#fff;color:var(--muted);border-color:var(--line);border-style:dashed}
.s-manual{background:#ddf4ff;color:#0550ae;border-color:#b6e3ff}
.arrow{color:var(--muted);margin:0 4px}
.sev{font-weight:600;text-transform:capitalize}
.sev-critical{color:#a40e26}.sev-high{color:#bc4c00}.sev-medium{color:#7d4e00}.sev-low{color:var(--muted)}
.fix{margin-top:4px;color:var(--muted)}
.fix b{color:var(--fg);font-weight:600}
.res{overflow-wrap:anywhere}
.ctls{display:flex;flex-wrap:wrap;gap:3px;margin-top:5px}
.ctls span{font-size:11px;white-space:nowrap;padding:0 6px;border:1px solid var(--line);border-radius:4px;background:var(--soft);color:var(--muted)}
#attention td:nth-child(-n+2){width:1%;white-space:nowrap}
@media screen{
#attention td:nth-child(4){min-width:150px}
#attention td:nth-child(5){min-width:230px}
#attention td:nth-child(6){min-width:340px}
table.controls td:nth-child(2){min-width:220px}
}
.fix{font-size:12.5px}
.filters{display:none;flex-wrap:wrap;gap:10px;align-items:center;margin:0 0 12px}
.js .filters{display:flex}
.filters input{flex:1;min-width:220px;max-width:440px;padding:6px 10px;border:1px solid var(--line);border-radius:6px;font:inherit}
.filters select{padding:6px 8px;border:1px solid var(--line);border-radius:6px;font:inherit;background:#fff}
th button{all:unset;cursor:pointer}
th button:focus-visible{outline:2px solid var(--accent)}
.js th button::after{content:" \2195";color:#aeb6bf}
th[aria-sort=ascending] button::after{content:" \2191";color:var(--fg)}
th[aria-sort=descending] button::after{content:" \2193";color:var(--fg)}
table.inventory td{white-space:nowrap}
td.bad{color:#a40e26;font-weight:600}
td.warn{color:#7d4e00;font-weight:600}
footer{margin:48px 0 32px;padding-top:14px;border-top:1px solid var(--line);font-size:12px;color:var(--muted)}
@media print{
@page{size:A4;margin:14mm}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:9.5pt}
.wrap{max-width:none;padding:0}
.masthead{background:none;color:#000;padding:0 0 10px;border-bottom:2px solid #000}
.masthead .sub,.kicker,.meta dt{color:#444}
main section{margin:22px 0}
section.framework{break-before:page}
.card,.num,.evidence,svg,tr{break-inside:avoid}
thead{display:table-header-group}
.filters,.js th button::after{display:none}
a{color:inherit;text-decoration:none}
.scroll{overflow:visible}
tbody tr:hover{background:none}
th,td{padding:4px 6px}
thead th{white-space:normal;letter-spacing:0}
td,td code{overflow-wrap:anywhere}
.pill,td.n,td.id{white-space:normal}
.pill{border-radius:5px}
#attention td:nth-child(3) .mono{overflow-wrap:normal;white-space:nowrap}
table{font-size:8.5pt}
table.inventory td{white-space:normal}
}
"#;

/// Sorting and filtering of the findings table. Kept small and dependency-free; the CSP
/// allows exactly this text (by its sha256).
const SCRIPT: &str = r#"
(function () {
  'use strict';
  document.documentElement.className += ' js';
  var table = document.getElementById('attention');
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var text = document.getElementById('attention-filter');
  var status = document.getElementById('attention-status');
  var shown = document.getElementById('attention-shown');
  function apply() {
    var q = text.value.trim().toLowerCase();
    var s = status.value;
    var n = 0;
    rows.forEach(function (row) {
      var ok = (!q || row.textContent.toLowerCase().indexOf(q) !== -1) &&
        (!s || row.getAttribute('data-status') === s);
      row.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = n + ' of ' + rows.length + ' shown';
  }
  text.addEventListener('input', apply);
  status.addEventListener('change', apply);
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, i) {
    var button = th.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      function key(row) {
        var cell = row.cells[i];
        return cell.getAttribute('data-key') || cell.textContent.trim().toLowerCase();
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var r = x < y ? -1 : (x > y ? 1 : 0);
        return asc ? r : -r;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
}());
"#;

/// The CSP source for [`SCRIPT`]: `'sha256-<base64>'`.
fn script_hash() -> String {
    let digest = Sha256::digest(SCRIPT.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

pub fn write(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut h = String::with_capacity(64 * 1024);
    let names: Vec<&str> = report.frameworks.iter().map(|f| f.id.as_str()).collect();
    let date = report.as_of.get(..10).unwrap_or(&report.as_of);
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src {hash}; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="generator" content="tenet {version}">
<title>Compliance readiness {date} — {names}</title>
<link rel="icon" href="data:,">
<style>{STYLE}</style>
</head>
<body>
"#,
        hash = script_hash(),
        version = esc(&report.tool.version),
        date = esc(date),
        names = esc(&names.join(", ")),
    );
    masthead(&mut h, report);
    h.push_str("<main class=\"wrap\">\n");
    summary(&mut h, report);
    evidence(&mut h, report);
    for framework in &report.frameworks {
        framework_section(&mut h, report, framework);
    }
    attention(&mut h, report);
    accepted_risks(&mut h, report);
    if let Some(inventory) = &report.inventory {
        inventory_section(&mut h, inventory);
    }
    let _ = write!(
        h,
        r#"<footer>Generated by tenet {} from results evaluated as of {}. Readiness = automated controls that pass / automated controls evaluated; a control fails if any finding of any rule mapped to it fails in any account, and <em>error</em>, <em>unknown</em> and <em>pass with accepted risk</em> never count as pass. Controls no rule maps to are manual: they need evidence from outside tenet.</footer>
</main>
<script>{SCRIPT}</script>
</body>
</html>
"#,
        esc(&report.tool.version),
        esc(&human_time(&report.as_of)),
    );
    out.write_all(h.as_bytes())
}

fn masthead(h: &mut String, report: &Report) {
    let framework_names: Vec<String> = report.frameworks.iter().map(|f| f.id.clone()).collect();
    let errors = report.evidence.collection_errors.len();
    let _ = write!(
        h,
        r#"<header class="masthead"><div class="wrap">
<p class="kicker">tenet · AWS root user and IAM credential hygiene</p>
<h1>Compliance readiness report</h1>
<p class="sub">Frameworks: {}</p>
<dl class="meta">
<div><dt>As of</dt><dd>{}</dd></div>
<div><dt>Accounts</dt><dd>{}</dd></div>
<div><dt>Collection errors</dt><dd>{}</dd></div>
<div><dt>Findings to act on</dt><dd>{}</dd></div>
"#,
        esc(&framework_names.join(" · ")),
        esc(&human_time(&report.as_of)),
        report.accounts.len(),
        errors,
        report.attention.len(),
    );
    if let Some(b) = &report.baseline {
        let _ = writeln!(
            h,
            "<div><dt>Compared with</dt><dd>{}</dd></div>",
            esc(&human_time(&b.as_of))
        );
    }
    h.push_str("</dl>\n</div></header>\n");
}

/// A half-circle gauge of the readiness percentage.
fn gauge(h: &mut String, headline: &Headline, size: f64) {
    let (w, r, stroke) = (size, size * 0.4, size * 0.1);
    let (cx, cy) = (w / 2.0, r + stroke);
    // The percentage sits inside the arc, just above its ends; the caption below them.
    let height = cy + size * 0.1;
    let arc = |p: f64| {
        let angle = std::f64::consts::PI * p.clamp(0.0, 1.0);
        let (x, y) = (cx - r * angle.cos(), cy - r * angle.sin());
        format!(
            "M {:.2} {cy:.2} A {r:.2} {r:.2} 0 0 1 {x:.2} {y:.2}",
            cx - r
        )
    };
    let fill = match headline.percent {
        Some(p) if p >= 90.0 => "#1f883d",
        Some(p) if p >= 60.0 => "#bf8700",
        Some(_) => "#cf222e",
        None => "#8c959f",
    };
    let _ = write!(
        h,
        r##"<svg class="gauge" width="{w:.0}" height="{height:.0}" viewBox="0 0 {w:.0} {height:.0}" role="img" aria-label="readiness {pct}"><title>Readiness {pct}: {pass} of {evaluated} evaluated automated controls pass</title><path d="{track}" fill="none" stroke="#eaeef2" stroke-width="{stroke:.1}" stroke-linecap="round"/>"##,
        pct = headline.percent_text(),
        pass = headline.pass,
        evaluated = headline.evaluated,
        track = arc(1.0),
    );
    if let Some(p) = headline.percent.filter(|p| *p > 0.0) {
        let _ = write!(
            h,
            r#"<path d="{}" fill="none" stroke="{fill}" stroke-width="{stroke:.1}" stroke-linecap="round"/>"#,
            arc(p / 100.0)
        );
    }
    let _ = write!(
        h,
        r##"<text class="pct" x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="{:.1}" font-weight="700" fill="#1f2328">{}</text><text x="{cx:.1}" y="{:.1}" text-anchor="middle" font-size="{:.1}" fill="#59636e">readiness</text></svg>"##,
        cy - size * 0.02,
        size * 0.135,
        headline.percent_text(),
        cy + size * 0.075,
        size * 0.06,
    );
}

/// The date part of an RFC 3339 time.
fn report_date(ts: &str) -> &str {
    ts.get(..10).unwrap_or(ts)
}

fn trend_html(before: Option<&Headline>, now: &Headline) -> Option<String> {
    let before = before?;
    let text = trend(before.percent, now.percent).unwrap_or_else(|| "n/a".into());
    let class = match (before.percent, now.percent) {
        (Some(b), Some(a)) if a > b => "up",
        (Some(b), Some(a)) if a < b => "down",
        _ => "muted",
    };
    Some(format!(
        r#"<span class="{class}">{}</span> <span class="muted">from {}</span>"#,
        esc(&text),
        esc(&before.percent_text())
    ))
}

/// The classes of a headline's failing and error-or-unknown counts: coloured unless zero.
fn headline_classes(hl: &Headline) -> (&'static str, &'static str) {
    (
        if hl.fail > 0 { "c-fail" } else { "" },
        if hl.error + hl.unknown > 0 {
            "c-warn"
        } else {
            ""
        },
    )
}

fn summary(h: &mut String, report: &Report) {
    h.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">\n");
    for f in &report.frameworks {
        let hl = &f.headline;
        let _ = write!(
            h,
            r##"<a class="card" href="#{}" data-framework="{}"><h3>{}</h3><div class="ver" title="{ver}">{ver} · <code>{}</code></div>"##,
            anchor(&f.id),
            esc(&f.id),
            esc(&f.name),
            esc(&f.id),
            ver = esc(&f.version),
        );
        gauge(h, hl, 176.0);
        let _ = write!(
            h,
            r#"<p class="line"><b class="headline">{} of {}</b> evaluated automated controls pass</p>"#,
            hl.pass, hl.evaluated
        );
        if let Some(t) = trend_html(f.before.as_ref(), hl) {
            let _ = write!(h, r#"<p class="line">{t}</p>"#);
        }
        let (fail_class, warn_class) = headline_classes(hl);
        let _ = writeln!(
            h,
            r#"<dl class="stats"><dt>Failing</dt><dd class="{}">{}</dd><dt title="every finding that does not pass is waived">Pass with accepted risk</dt><dd class="risk">{}</dd><dt>Error or unknown</dt><dd class="{}">{}</dd><dt>Not evaluated</dt><dd>{}</dd><dt title="no rule maps to them: evidence required">Manual</dt><dd>{}</dd></dl></a>"#,
            fail_class,
            hl.fail,
            hl.accepted_risk,
            warn_class,
            hl.error + hl.unknown,
            hl.not_applicable + hl.no_findings,
            hl.manual
        );
    }
    h.push_str(
        "</div>\n<p class=\"note\">Readiness counts automated controls — those a tenet rule maps to — that pass, out of those evaluated \
(with a finding that is not <em>not applicable</em>). A control fails if any finding of any of its rules fails in any account; \
<em>error</em> and <em>unknown</em> are never counted as pass, and neither is <em>pass with accepted risk</em> (every finding that does not pass is waived). <em>Not evaluated</em> controls are automated controls whose findings \
are all not applicable, or that have none. <em>Manual</em> controls are mapped by no rule: evidence is required from outside tenet.</p>\n</section>\n",
    );
}

fn evidence(h: &mut String, report: &Report) {
    let e = &report.evidence;
    let not_recorded = r#"<span class="muted">not recorded</span>"#;
    let digest = |d: &Option<String>| {
        d.as_deref().map_or(not_recorded.to_string(), |d| {
            format!("<code>{}</code>", esc(d))
        })
    };
    let inferred = if e.recorded {
        String::new()
    } else {
        format!(" {not_recorded}<span class=\"muted\">; inferred from the findings</span>")
    };
    let accounts: Vec<String> = e
        .accounts
        .iter()
        .map(|a| match &a.name {
            Some(name) => format!(
                "<span class=\"mono\">{}</span> {}",
                esc(&a.account_id),
                esc(name)
            ),
            None => format!("<span class=\"mono\">{}</span>", esc(&a.account_id)),
        })
        .collect();
    let errors: Vec<String> = e
        .collection_errors
        .iter()
        .map(|x| {
            format!(
                "<span class=\"mono\">{}</span> — {}: {}",
                esc(&x.account),
                esc(x.stage.as_str()),
                esc(&x.message)
            )
        })
        .collect();
    let _ = write!(
        h,
        r#"<section id="evidence">
<h2>Evidence</h2>
<dl class="evidence">
<dt>As of</dt><dd>{as_of} <span class="muted">({human})</span></dd>
<dt>Evaluated by</dt><dd>tenet {tool}</dd>
<dt>Policy bundle digest (sha256)</dt><dd>{policy}</dd>
<dt>Snapshot digest (sha256)</dt><dd>{snapshot}</dd>
{waivers}<dt>Accounts covered ({count})</dt><dd>{accounts}{inferred}</dd>
<dt>Accounts with collection errors</dt><dd>{errors}{inferred}</dd>
"#,
        as_of = esc(&e.as_of),
        human = esc(&human_time(&e.as_of)),
        tool = esc(&e.tool_version),
        policy = digest(&e.policy_digest),
        snapshot = digest(&e.snapshot_digest),
        waivers = e
            .waivers_digest
            .as_deref()
            .map_or(String::new(), |d| format!(
                "<dt>Waivers file digest (sha256)</dt><dd><code>{}</code></dd>\n",
                esc(d)
            )),
        count = e.accounts.len(),
        accounts = if accounts.is_empty() {
            "none".to_string()
        } else {
            accounts.join(", ")
        },
        errors = if errors.is_empty() {
            "none".to_string()
        } else {
            errors.join("<br>")
        },
    );
    if let Some(sentence) = e.not_checked_sentence() {
        let _ = writeln!(
            h,
            "<dt>Accounts not checked</dt><dd>{}</dd>",
            esc(&sentence)
        );
    }
    if let Some(b) = &report.baseline {
        let _ = writeln!(
            h,
            "<dt>Baseline</dt><dd>results as of {} (tenet {})</dd>",
            esc(&b.as_of),
            esc(&b.tool_version)
        );
    }
    h.push_str("</dl>\n</section>\n");
}

fn framework_section(h: &mut String, report: &Report, f: &FrameworkReadiness) {
    let hl = &f.headline;
    let _ = write!(
        h,
        r#"<section class="framework" id="{}">
<h2>{} <span class="muted">{}</span> <span class="tag">{}</span></h2>
<div class="fw-head">"#,
        anchor(&f.id),
        esc(&f.name),
        esc(&f.version),
        esc(&f.id)
    );
    gauge(h, hl, 230.0);
    let (fail_class, warn_class) = headline_classes(hl);
    let _ = write!(
        h,
        r#"<div class="numbers">
<div class="num"><b>{} / {}</b><span>automated controls passing / evaluated</span></div>
<div class="num"><b class="{}">{}</b><span>failing</span></div>
<div class="num"><b class="risk">{}</b><span>pass with accepted risk — never counted as pass</span></div>
<div class="num"><b class="{}">{}</b><span>error or unknown — never counted as pass</span></div>
<div class="num"><b>{}</b><span>not evaluated ({} not applicable, {} without findings)</span></div>
<div class="num"><b>{}</b><span>manual — evidence required</span></div>
"#,
        hl.pass,
        hl.evaluated,
        fail_class,
        hl.fail,
        hl.accepted_risk,
        warn_class,
        hl.error + hl.unknown,
        hl.not_applicable + hl.no_findings,
        hl.not_applicable,
        hl.no_findings,
        hl.manual
    );
    if let (Some(before), Some(baseline)) = (&f.before, &report.baseline) {
        let change = trend(before.percent, hl.percent).unwrap_or_else(|| "n/a".into());
        let class = match (before.percent, hl.percent) {
            (Some(b), Some(a)) if a > b => "up",
            (Some(b), Some(a)) if a < b => "down",
            _ => "",
        };
        let _ = write!(
            h,
            r#"<div class="num"><b class="{class}">{}</b><span>readiness since the baseline ({} as of {})</span></div>"#,
            esc(&change),
            esc(&before.percent_text()),
            esc(report_date(&baseline.as_of)),
        );
    }
    h.push_str("</div>\n</div>\n");
    h.push_str("<h3>Controls by section</h3>\n");
    section_bars(h, f);
    h.push_str("<h3>Controls</h3>\n");
    controls_table(h, report, f);
    h.push_str("<h3>Accounts × automated controls</h3>\n");
    heat_map(h, report, f);
    h.push_str("</section>\n");
}

fn legend(h: &mut String, statuses: &[ControlStatus]) {
    h.push_str("<div class=\"legend\">");
    for s in statuses {
        let border = if *s == ControlStatus::NoFindings {
            ";outline:1px solid #d0d7de"
        } else {
            ""
        };
        let _ = write!(
            h,
            r#"<span><i style="background:{}{border}"></i>{}</span>"#,
            color(*s),
            esc(s.label())
        );
    }
    h.push_str("</div>\n");
}

/// Shortens to `max` characters with an ellipsis.
fn clip(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// One stacked bar per section: its controls by status.
fn section_bars(h: &mut String, f: &FrameworkReadiness) {
    let (label_w, bar_w, count_w, row_h) = (270.0, 520.0, 180.0, 30.0);
    let width = label_w + bar_w + count_w;
    let height = row_h * f.sections.len() as f64 + 4.0;
    let _ = write!(
        h,
        r#"<svg class="chart bars" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-label="controls by section and status">"#
    );
    for (i, section) in f.sections.iter().enumerate() {
        let y = 2.0 + row_h * i as f64;
        let s = &section.headline;
        let _ = write!(
            h,
            r##"<g><title>{}: {} of {} controls pass</title><text x="0" y="{:.1}" font-size="12.5" fill="#1f2328">{}</text>"##,
            esc(&section.name),
            s.pass,
            s.controls,
            y + 19.0,
            esc(&clip(&section.name, 38)),
        );
        let mut x = label_w;
        for status in ControlStatus::ALL {
            let n = s.count(status);
            if n == 0 {
                continue;
            }
            let w = bar_w * n as f64 / s.controls.max(1) as f64;
            let _ = write!(
                h,
                r##"<rect x="{x:.2}" y="{:.1}" width="{:.2}" height="20" fill="{}" stroke="#fff" stroke-width="1"><title>{n} {}</title></rect>"##,
                y + 4.0,
                w,
                color(status),
                esc(status.label())
            );
            if w >= 18.0 {
                let _ = write!(
                    h,
                    r#"<text x="{:.1}" y="{:.1}" font-size="11.5" font-weight="600" text-anchor="middle" fill="{}">{n}</text>"#,
                    x + w / 2.0,
                    y + 18.5,
                    ink(status)
                );
            }
            x += w;
        }
        let _ = write!(
            h,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" fill="#59636e">{} of {} automated pass</text></g>"##,
            label_w + bar_w + 10.0,
            y + 19.0,
            s.pass,
            s.automated
        );
    }
    h.push_str("</svg>\n");
    legend(h, &ControlStatus::ALL);
}

fn controls_table(h: &mut String, report: &Report, f: &FrameworkReadiness) {
    let baseline = report.baseline.is_some();
    let _ = writeln!(
        h,
        r#"<div class="scroll"><table class="controls" data-framework="{}"><thead><tr><th>Control</th><th>Title</th><th>Status</th>{}<th>Findings</th><th>Accounts failing</th><th>Rules</th></tr></thead><tbody>"#,
        esc(&f.id),
        if baseline {
            "<th>Baseline → now</th>"
        } else {
            ""
        }
    );
    let columns = if baseline { 7 } else { 6 };
    for section in &f.sections {
        let _ = writeln!(
            h,
            r#"<tr class="sect"><td colspan="{columns}">{}</td></tr>"#,
            esc(&section.name)
        );
        for c in f.controls.iter().filter(|c| c.section == section.name) {
            let _ = write!(
                h,
                r#"<tr data-control="{}" data-status="{}"><td class="id">{}</td><td>{}</td><td>{}</td>"#,
                esc(&c.id),
                c.status.as_str(),
                esc(&c.id),
                esc(&c.title),
                pill(c.status)
            );
            if baseline {
                let cell = match c.before {
                    Some(b) if b == c.status => {
                        "<span class=\"muted\">unchanged</span>".to_string()
                    }
                    Some(b) => format!(
                        "{}<span class=\"arrow\">→</span>{}",
                        pill(b),
                        pill(c.status)
                    ),
                    None => "<span class=\"muted\">not in baseline</span>".to_string(),
                };
                let _ = write!(h, "<td class=\"n\">{cell}</td>");
            }
            let n = &c.findings;
            let counts = if c.status == ControlStatus::Manual {
                "<span class=\"muted\">—</span>".to_string()
            } else {
                let mut parts = Vec::new();
                for (count, what) in [
                    (n.pass, "pass"),
                    (n.fail, "fail"),
                    (n.error, "error"),
                    (n.unknown, "unknown"),
                    (n.waived, "waived"),
                    (n.not_applicable, "n/a"),
                ] {
                    if count > 0 {
                        parts.push(format!("{count} {what}"));
                    }
                }
                if parts.is_empty() {
                    "none".to_string()
                } else {
                    parts.join(" · ")
                }
            };
            let failing: Vec<&str> = c
                .cells
                .iter()
                .zip(&report.accounts)
                .filter(|(cell, _)| cell.status == ControlStatus::Fail)
                .map(|(_, a)| a.label())
                .collect();
            let failing = match failing.len() {
                0 => "<span class=\"muted\">—</span>".to_string(),
                n if n <= 4 => format!("<span class=\"mono\">{}</span>", esc(&failing.join(", "))),
                n => format!(
                    "<span class=\"mono\">{}</span> and {} more",
                    esc(&failing[..3].join(", ")),
                    n - 3
                ),
            };
            let rules = if c.rules.is_empty() {
                "<span class=\"muted\">no rule</span>".to_string()
            } else {
                c.rules
                    .iter()
                    .map(|r| format!("<code>{}</code>", esc(r)))
                    .collect::<Vec<_>>()
                    .join("<br>")
            };
            let _ = writeln!(
                h,
                "<td class=\"n\">{counts}</td><td>{failing}</td><td>{rules}</td></tr>"
            );
        }
    }
    h.push_str("</tbody></table></div>\n");
}

/// Accounts as rows, automated controls as columns, a coloured cell per status.
fn heat_map(h: &mut String, report: &Report, f: &FrameworkReadiness) {
    let columns: Vec<usize> = (0..f.controls.len())
        .filter(|&i| f.controls[i].status != ControlStatus::Manual)
        .collect();
    if columns.is_empty() || report.accounts.is_empty() {
        h.push_str("<p class=\"muted\">No automated control or no account to show.</p>\n");
        return;
    }
    let labels: Vec<String> = report
        .accounts
        .iter()
        .map(|a| match &a.name {
            Some(name) => format!("{} · {}", a.label(), clip(name, 22)),
            None => a.label().to_string(),
        })
        .collect();
    let longest_label = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    let longest_id = columns
        .iter()
        .map(|&i| f.controls[i].id.chars().count())
        .max()
        .unwrap_or(0);
    let (cell, gap) = (26.0, 3.0);
    // About 7.3 px per character of 12 px sans-serif text, wide fonts included.
    let left = 20.0 + 7.3 * longest_label as f64;
    // Column labels are turned 50°; their height is about their length × sin 50°.
    let top = 16.0 + 7.0 * longest_id as f64 * 0.77;
    let width = left + (cell + gap) * columns.len() as f64 + 40.0;
    let height = top + (cell + gap) * report.accounts.len() as f64 + 4.0;
    let _ = write!(
        h,
        r#"<div class="scroll"><svg class="chart heat" width="{width:.0}" height="{height:.0}" viewBox="0 0 {width:.0} {height:.0}" role="img" aria-label="status per account and control">"#
    );
    for (col, &i) in columns.iter().enumerate() {
        let x = left + (cell + gap) * col as f64 + cell / 2.0;
        let _ = write!(
            h,
            r##"<text transform="translate({:.1},{:.1}) rotate(-50)" font-size="11.5" fill="#1f2328"><title>{}</title>{}</text>"##,
            x + 4.0,
            top - 6.0,
            esc(&f.controls[i].title),
            esc(&f.controls[i].id)
        );
    }
    for (row, account) in report.accounts.iter().enumerate() {
        let y = top + (cell + gap) * row as f64;
        let _ = write!(
            h,
            r##"<text x="{:.1}" y="{:.1}" font-size="12" text-anchor="end" fill="#1f2328">{}</text>"##,
            left - 10.0,
            y + cell / 2.0 + 4.0,
            esc(&labels[row])
        );
        for (col, &i) in columns.iter().enumerate() {
            let control = &f.controls[i];
            let c = &control.cells[row];
            let x = left + (cell + gap) * col as f64;
            let n = &c.findings;
            let _ = write!(
                h,
                r##"<g><title>{} · {} {}: {} ({} pass, {} fail, {} error, {} unknown, {} waived, {} n/a)</title><rect x="{x:.1}" y="{y:.1}" width="{cell}" height="{cell}" rx="4" fill="{}"{}/>"##,
                esc(account.label()),
                esc(&f.id),
                esc(&control.id),
                esc(c.status.label()),
                n.pass,
                n.fail,
                n.error,
                n.unknown,
                n.waived,
                n.not_applicable,
                color(c.status),
                if c.status == ControlStatus::NoFindings {
                    r##" stroke="#d0d7de""##
                } else {
                    ""
                }
            );
            let g = glyph(c.status);
            if !g.is_empty() {
                let _ = write!(
                    h,
                    r#"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="700" text-anchor="middle" fill="{}">{g}</text>"#,
                    x + cell / 2.0,
                    y + cell / 2.0 + 5.0,
                    ink(c.status)
                );
            }
            h.push_str("</g>");
        }
    }
    h.push_str("</svg></div>\n");
    legend(
        h,
        &[
            ControlStatus::Pass,
            ControlStatus::Fail,
            ControlStatus::Error,
            ControlStatus::Unknown,
            ControlStatus::AcceptedRisk,
            ControlStatus::NotApplicable,
            ControlStatus::NoFindings,
        ],
    );
    if f.headline.manual > 0 {
        let _ = writeln!(
            h,
            "<p class=\"note\">{} not shown: no rule maps to them, so they have no per-account status.</p>",
            plural(f.headline.manual, "manual control is", "manual controls are")
        );
    }
}

fn attention(h: &mut String, report: &Report) {
    h.push_str("<section id=\"findings\">\n<h2>Findings to act on</h2>\n");
    if report.attention.is_empty() {
        h.push_str("<p>No finding of the reported frameworks fails, errors or is unknown.</p>\n</section>\n");
        return;
    }
    let count = |s: Status| report.attention.iter().filter(|a| a.status == s).count();
    let _ = write!(
        h,
        r#"<p class="muted">{} failing, {} not evaluated (error), {} unknown — every resource whose finding counts against a reported control, with the rule's recommended action.</p>
<div class="filters"><input id="attention-filter" type="search" placeholder="Filter by account, rule, resource, control, text…" aria-label="filter findings">
<select id="attention-status" aria-label="status"><option value="">all statuses</option><option value="fail">fail</option><option value="error">error</option><option value="unknown">unknown</option></select>
<span id="attention-shown" class="muted"></span></div>
<div class="scroll"><table id="attention"><thead><tr><th><button type="button">Status</button></th><th><button type="button">Severity</button></th><th><button type="button">Account</button></th><th><button type="button">Resource</button></th><th><button type="button">Rule and controls</button></th><th>Finding and remediation</th></tr></thead><tbody>
"#,
        count(Status::Fail),
        count(Status::Error),
        count(Status::Unknown)
    );
    for a in &report.attention {
        let status_key = match a.status {
            Status::Fail => "0",
            Status::Error => "1",
            _ => "2",
        };
        let severity_key = 3 - a.severity as u8;
        let account = match &a.account_name {
            Some(name) => format!(
                "<span class=\"mono\">{}</span><br><span class=\"muted\">{}</span>",
                esc(crate::report::account_label(&a.account_id)),
                esc(name)
            ),
            None => format!(
                "<span class=\"mono\">{}</span>",
                esc(crate::report::account_label(&a.account_id))
            ),
        };
        let fix = if a.remediation.is_empty() {
            String::new()
        } else {
            format!(
                "<div class=\"fix\"><b>Fix:</b> {}</div>",
                esc(&a.remediation)
            )
        };
        let _ = writeln!(
            h,
            r#"<tr data-status="{status}"><td data-key="{status_key}">{pill}</td><td data-key="{severity_key}"><span class="sev sev-{sev}">{sev}</span></td><td data-key="{account_key}">{account}</td><td class="res mono" title="{resource}">{short}</td><td data-key="{rule}"><code>{rule}</code><div class="muted">{title}</div><div class="ctls">{controls}</div></td><td>{message}{fix}</td></tr>"#,
            status = a.status.as_str(),
            pill = finding_pill(a.status),
            sev = a.severity.as_str(),
            account_key = esc(&a.account_id),
            rule = esc(&a.rule),
            title = esc(&a.title),
            resource = esc(&a.resource),
            short = esc(short_resource(&a.resource)),
            message = esc(&a.message),
            controls = a
                .controls
                .iter()
                .map(|c| format!("<span>{}</span>", esc(c)))
                .collect::<String>(),
        );
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

/// One row per waiver: what it accepts, who owns it, where it stands, and what it covers.
fn accepted_risks(h: &mut String, report: &Report) {
    if report.accepted_risks.is_empty() {
        return;
    }
    let _ = write!(
        h,
        r#"<section id="accepted-risks">
<h2>Accepted risks</h2>
<p class="muted">{} from the waivers file. A waived finding does not count as a failure, and a control whose only findings that do not pass are waived reads <em>pass with accepted risk</em>, never pass.</p>
<div class="scroll"><table class="waivers"><thead><tr><th>Waiver</th><th>State</th><th>Owner</th><th>Scope</th><th>Reason</th><th>Findings covered</th></tr></thead><tbody>
"#,
        plural(report.accepted_risks.len(), "waiver", "waivers")
    );
    for r in &report.accepted_risks {
        let w = &r.waiver;
        let ticket = w
            .ticket
            .as_deref()
            .map(|t| format!("<div class=\"muted\">{}</div>", esc(t)))
            .unwrap_or_default();
        let mut scope = format!(
            "<code>{}</code><div class=\"mono\">{}</div>",
            esc(&w.rule),
            esc(&w.accounts.join(", "))
        );
        for resource in &w.resources {
            let _ = write!(scope, "<div class=\"mono res\">{}</div>", esc(resource));
        }
        let covered = if r.covered.is_empty() {
            "<span class=\"muted\">none</span>".to_string()
        } else {
            r.covered
                .iter()
                .map(|f| {
                    format!(
                        "<div>{} <span class=\"mono\">{}</span> <span class=\"mono res\">{}</span> <code>{}</code></div>",
                        finding_pill(f.status),
                        esc(crate::report::account_label(&f.account_id)),
                        esc(&f.resource),
                        esc(&f.rule)
                    )
                })
                .collect()
        };
        let _ = writeln!(
            h,
            r#"<tr data-waiver="{id}" data-state="{state}"><td class="id">{id}</td><td>{pill}<div class="{class}">{standing}</div></td><td>{owner}{ticket}</td><td>{scope}</td><td>{reason}</td><td>{covered}</td></tr>"#,
            id = esc(&w.id),
            state = w.state.as_str(),
            pill = waiver_pill(w.state),
            class = match w.state {
                WaiverState::Expired => "c-fail",
                WaiverState::Stale | WaiverState::Expiring => "c-warn",
                WaiverState::Active => "muted",
            },
            standing = esc(&r.standing()),
            owner = esc(&w.owner),
            reason = esc(&w.reason),
        );
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

/// The resource part of an ARN (`user/grace.lee`): the account is in its own column, and the
/// full ARN is the cell's tooltip.
fn short_resource(arn: &str) -> &str {
    match arn.strip_prefix("arn:") {
        Some(rest) => rest.splitn(5, ':').nth(4).unwrap_or(arn),
        None => arn,
    }
}

fn inventory_section(h: &mut String, inventory: &Inventory) {
    let _ = write!(
        h,
        r#"<section id="inventory">
<h2>Account inventory</h2>
<p class="muted">From the snapshot's credential reports, as of {}. Sorted {}. Stale keys: active user access keys not rotated for more than {} days.</p>
<div class="scroll"><table class="inventory"><thead><tr>"#,
        esc(&human_time(&inventory.as_of)),
        esc(ORDERING),
        inventory.rotation_days
    );
    for column in crate::inventory::format::columns(inventory) {
        let _ = write!(h, "<th>{}</th>", esc(column));
    }
    h.push_str("</tr></thead><tbody>\n");
    for row in &inventory.accounts {
        let cells = crate::inventory::format::cells(row);
        let class = |i: usize| -> &'static str {
            let bad_count = |v: Option<usize>| match v {
                Some(n) if n > 0 => "bad",
                None => "warn",
                _ => "",
            };
            let bad_flag = |v: Option<bool>| match v {
                Some(false) => "bad",
                None => "warn",
                _ => "",
            };
            match i {
                _ if row.status.is_some() => "muted",
                2 => bad_flag(row.root_mfa),
                3 => bad_flag(row.root_hardware_mfa),
                4 => bad_count(row.root_active_keys),
                5 if !row.root_row => "warn",
                7 => bad_count(row.console_without_mfa),
                8 => bad_count(row.stale_keys),
                _ => "",
            }
        };
        h.push_str("<tr>");
        for (i, text) in cells.iter().enumerate() {
            let mono = if i == 0 { " mono" } else { "" };
            let _ = write!(h, "<td class=\"{}{mono}\">{}</td>", class(i), esc(text));
        }
        h.push_str("</tr>\n");
        if !row.errors.is_empty() {
            let _ = writeln!(
                h,
                "<tr><td></td><td colspan=\"8\" class=\"warn\">Not collected: {}</td></tr>",
                esc(&row.errors.join("; "))
            );
        }
    }
    h.push_str("</tbody></table></div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            esc(r#"<root_account> & "x" 'y'"#),
            "&lt;root_account&gt; &amp; &quot;x&quot; &#39;y&#39;"
        );
        assert_eq!(anchor("cis-aws-7.0"), "fw-cis-aws-7-0");
        assert_eq!(clip("abcdef", 4), "abc…");
        assert_eq!(
            short_resource("arn:aws:iam::444444444444:user/grace.lee"),
            "user/grace.lee"
        );
        assert_eq!(
            short_resource("arn:aws:organizations::111111111111:organization/o-1"),
            "organization/o-1"
        );
        assert_eq!(short_resource("organization"), "organization");
    }
}
