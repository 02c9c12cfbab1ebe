//! How the jobs page names states and actions, and says what an action came to, in the
//! page's language.

use model::jobs::{JobActed, JobAction, JobState};

use crate::i18n::{Locale, td_string};

pub fn state(locale: Locale, state: JobState) -> &'static str {
    match state {
        JobState::Available => td_string!(locale, jobs.states.available),
        JobState::Scheduled => td_string!(locale, jobs.states.scheduled),
        JobState::Running => td_string!(locale, jobs.states.running),
        JobState::Retryable => td_string!(locale, jobs.states.retryable),
        JobState::Completed => td_string!(locale, jobs.states.completed),
        JobState::Discarded => td_string!(locale, jobs.states.discarded),
        JobState::Cancelled => td_string!(locale, jobs.states.cancelled),
    }
}

pub fn action(locale: Locale, action: JobAction) -> &'static str {
    match action {
        JobAction::Retry => td_string!(locale, jobs.actions.retry),
        JobAction::Cancel => td_string!(locale, jobs.actions.cancel),
        JobAction::Discard => td_string!(locale, jobs.actions.discard),
        JobAction::RunNow => td_string!(locale, jobs.actions.run_now),
    }
}

/// What an admin's action came to: done, or not when the job had moved on.
pub fn acted(locale: Locale, acted: &JobActed) -> String {
    let id = acted.id;
    if !acted.done {
        let action = action(locale, acted.action);
        return td_string!(locale, jobs.acted.moved_on, id = id, action = action);
    }
    match acted.action {
        JobAction::Retry => td_string!(locale, jobs.acted.retry, id = id),
        JobAction::Cancel => td_string!(locale, jobs.acted.cancel, id = id),
        JobAction::Discard => td_string!(locale, jobs.acted.discard, id = id),
        JobAction::RunNow => td_string!(locale, jobs.acted.run_now, id = id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_action_says_what_it_came_to() {
        let retried = JobActed {
            id: 42,
            action: JobAction::Retry,
            done: true,
        };
        assert_eq!(acted(Locale::en, &retried), "Job #42 will run again.");
        assert_eq!(
            acted(Locale::fr, &retried),
            "La tâche nº 42 va être relancée."
        );
        let late = JobActed {
            done: false,
            action: JobAction::Cancel,
            ..retried
        };
        assert_eq!(
            acted(Locale::en, &late),
            "Job #42 has moved on: “Cancel” no longer applies to it."
        );
    }
}
