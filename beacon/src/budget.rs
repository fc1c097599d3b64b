//! A per-principal query budget: at most `queries` data queries in each window of
//! `window_seconds`, so that one caller cannot ask the many narrow questions that
//! re-identify a participant. Anonymous callers share one budget.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use genofed_engine::genofed_policies::Principal;

/// Budgets of the callers seen in the current windows.
#[derive(Debug)]
pub struct Budget {
    queries: u64,
    window: Duration,
    spent: Mutex<HashMap<String, (Instant, u64)>>,
}

impl Budget {
    pub fn new(queries: u64, window_seconds: u64) -> Self {
        Self {
            queries,
            window: Duration::from_secs(window_seconds),
            spent: Mutex::new(HashMap::new()),
        }
    }

    /// Spends one query of `principal`'s budget; `Err` with the seconds until the window
    /// ends when none is left.
    pub fn spend(&self, principal: &Principal) -> Result<(), u64> {
        let key = match principal {
            Principal::Researcher(r) => format!("researcher:{}", r.id),
            Principal::Anonymous => "anonymous".to_string(),
        };
        let now = Instant::now();
        let mut spent = self.spent.lock().unwrap_or_else(|e| e.into_inner());
        // Forget callers whose window ended, so the map stays as small as the callers of
        // one window.
        if spent.len() > 10_000 {
            spent.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = spent.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.queries {
            let left = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spends_per_principal_and_refills_after_the_window() {
        let b = Budget::new(2, 3600);
        let anonymous = Principal::Anonymous;
        assert!(b.spend(&anonymous).is_ok());
        assert!(b.spend(&anonymous).is_ok());
        let left = b.spend(&anonymous).unwrap_err();
        assert!(left > 3590 && left <= 3600, "{left}");
        let b = Budget::new(1, 0);
        assert!(b.spend(&anonymous).is_ok());
        assert!(b.spend(&anonymous).is_ok(), "a zero window always refills");
    }
}
