//! Which factors yield a token (`XWG_AUTH_POLICY`): a list of accepted factor sets, e.g.
//! `pwd,otp,hwk` (SparkWeb's behaviour: any one factor) or `pwd+otp,hwk` (a password needs
//! a TOTP code too; a passkey alone is enough). Factor names are RFC 8176's: `pwd`
//! (password), `otp` (TOTP code), `hwk` (passkey).

use std::collections::BTreeSet;

const FACTORS: [&str; 3] = ["pwd", "otp", "hwk"];

#[derive(Clone, Debug, PartialEq)]
pub struct Policy(Vec<BTreeSet<String>>);

/// What the factors proved so far are worth.
#[derive(Debug, PartialEq)]
pub enum Decision {
    Accept,
    /// Not yet: each inner list is one way to complete a login.
    MoreNeeded(Vec<Vec<String>>),
    Refuse,
}

impl Policy {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut sets = Vec::new();
        for entry in raw.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let set: BTreeSet<String> = entry.split('+').map(|f| f.trim().to_string()).collect();
            if let Some(unknown) = set.iter().find(|f| !FACTORS.contains(&f.as_str())) {
                return Err(format!(
                    "names an unknown factor `{unknown}`: use pwd, otp and hwk joined by + and ,"
                ));
            }
            sets.push(set);
        }
        if sets.is_empty() {
            return Err("accepts no factor at all: use e.g. pwd,otp,hwk".into());
        }
        Ok(Self(sets))
    }

    pub fn decide(&self, proved: &BTreeSet<String>) -> Decision {
        if self.0.iter().any(|set| set.is_subset(proved)) {
            return Decision::Accept;
        }
        let ways: Vec<Vec<String>> = self
            .0
            .iter()
            .filter(|set| set.is_superset(proved))
            .map(|set| set.difference(proved).cloned().collect())
            .collect();
        if ways.is_empty() {
            Decision::Refuse
        } else {
            Decision::MoreNeeded(ways)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proved(factors: &[&str]) -> BTreeSet<String> {
        factors.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn any_factor_alone_by_default_and_combinations_where_configured() {
        let open = Policy::parse("pwd,otp,hwk").unwrap();
        assert_eq!(open.decide(&proved(&["pwd"])), Decision::Accept);
        let strict = Policy::parse("pwd+otp, hwk").unwrap();
        assert_eq!(
            strict.decide(&proved(&["pwd"])),
            Decision::MoreNeeded(vec![vec!["otp".into()]])
        );
        assert_eq!(
            strict.decide(&proved(&["otp"])),
            Decision::MoreNeeded(vec![vec!["pwd".into()]])
        );
        assert_eq!(strict.decide(&proved(&["otp", "pwd"])), Decision::Accept);
        assert_eq!(strict.decide(&proved(&["hwk"])), Decision::Accept);
        let passkeys_only = Policy::parse("hwk").unwrap();
        assert_eq!(passkeys_only.decide(&proved(&["pwd"])), Decision::Refuse);
    }

    #[test]
    fn unknown_factors_and_empty_policies_are_refused() {
        assert!(Policy::parse("pwd+sms").is_err());
        assert!(Policy::parse(" , ").is_err());
    }
}
