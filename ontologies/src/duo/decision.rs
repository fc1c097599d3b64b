//! The outcome of matching, with a reason for every condition.

use std::fmt;

use super::vocabulary::DuoTerm;

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Every condition is satisfied.
    Permit,
    /// Nothing is violated, but some condition needs an attestation or a fact the request
    /// did not carry. Callers that cannot obtain it must treat this as a denial.
    NeedsAttestation,
    /// Some condition is violated.
    Deny,
}

/// How one condition fared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Satisfied,
    NeedsAttestation,
    Violated,
}

/// One condition's verdict and why, naming the DUO term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub term: &'static DuoTerm,
    pub verdict: Verdict,
    pub reason: String,
}

/// The decision and every finding it rests on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub outcome: Outcome,
    pub findings: Vec<Finding>,
}

impl Decision {
    pub(super) fn from_findings(findings: Vec<Finding>) -> Self {
        let outcome = if findings.iter().any(|f| f.verdict == Verdict::Violated) {
            Outcome::Deny
        } else if findings
            .iter()
            .any(|f| f.verdict == Verdict::NeedsAttestation)
        {
            Outcome::NeedsAttestation
        } else {
            Outcome::Permit
        };
        Self { outcome, findings }
    }

    pub fn is_permit(&self) -> bool {
        self.outcome == Outcome::Permit
    }

    /// The finding for a DUO term, if that term was among the conditions.
    pub fn finding(&self, term: &DuoTerm) -> Option<&Finding> {
        self.findings.iter().find(|f| f.term.id == term.id)
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Satisfied => "satisfied",
            Self::NeedsAttestation => "needs attestation",
            Self::Violated => "violated",
        })
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let outcome = match self.outcome {
            Outcome::Permit => "permit",
            Outcome::NeedsAttestation => "needs attestation",
            Outcome::Deny => "deny",
        };
        write!(f, "{outcome}")?;
        for finding in &self.findings {
            write!(
                f,
                "\n  {}: {}: {}",
                finding.term.name(),
                finding.verdict,
                finding.reason
            )?;
        }
        Ok(())
    }
}
