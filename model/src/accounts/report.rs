//! The users report (recipe 3): accounts by role, and sign-ups by month and role.

use serde::{Deserialize, Serialize};

/// One month's sign-ups, by role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthSignups {
    /// `YYYY-MM`, UTC.
    pub month: String,
    pub total: i64,
    pub admins: i64,
    pub users: i64,
}

/// Accounts by role, and sign-ups by month and role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsersReport {
    pub total: i64,
    pub admins: i64,
    pub users: i64,
    /// Oldest first.
    pub months: Vec<MonthSignups>,
}

impl UsersReport {
    /// Groups `(month, role, count)` rows, ordered by month, into months with a count per role.
    pub fn of<'a>(counts: impl IntoIterator<Item = (&'a str, &'a str, i64)>) -> Self {
        let mut months: Vec<MonthSignups> = Vec::new();
        for (month, role, count) in counts {
            let same_month = months.last().is_some_and(|last| last.month == month);
            if !same_month {
                months.push(MonthSignups {
                    month: month.to_owned(),
                    ..MonthSignups::default()
                });
            }
            if let Some(current) = months.last_mut() {
                current.total += count;
                if role == "admin" {
                    current.admins += count;
                } else {
                    current.users += count;
                }
            }
        }
        Self {
            total: months.iter().map(|month| month.total).sum(),
            admins: months.iter().map(|month| month.admins).sum(),
            users: months.iter().map(|month| month.users).sum(),
            months,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_into_months_with_each_role() {
        let report = UsersReport::of([
            ("2026-11", "admin", 1),
            ("2026-11", "user", 4),
            ("2026-12", "user", 2),
        ]);
        assert_eq!((report.total, report.admins, report.users), (7, 1, 6));
        assert_eq!(report.months.len(), 2);
        assert_eq!((report.months[0].admins, report.months[0].users), (1, 4));
        assert_eq!(
            (report.months[1].month.as_str(), report.months[1].total),
            ("2026-12", 2)
        );
        assert_eq!(UsersReport::of([]), UsersReport::default());
    }
}
