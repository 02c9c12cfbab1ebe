//! Presence on the client side, merged exactly as the JS client's `Presence` does: a
//! `presence_state` replaces what is known (reporting who joined and left in between), each
//! `presence_diff` applies joins then leaves by `phx_ref`, and diffs that arrive before the
//! state of the current join are held until it comes.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

/// One socket's entry under a key: its `phx_ref` and the rest of the meta.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Meta {
    pub phx_ref: String,
    #[serde(flatten)]
    pub fields: Map<String, Value>,
}

/// Everything under one key (one user): a meta per tab or device.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Entry {
    pub metas: Vec<Meta>,
}

/// Key → entry; keys are any strings (`__proto__` included).
pub type State = BTreeMap<String, Entry>;

/// `presence_diff`'s payload.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Diff {
    #[serde(default)]
    pub joins: State,
    #[serde(default)]
    pub leaves: State,
}

/// What a merge changed, in the order the JS callbacks would fire.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    /// `key` gained `joined` metas; `was_present` says whether it had any before.
    Join {
        key: String,
        was_present: bool,
        joined: Vec<Meta>,
    },
    /// `key` lost `left` metas; `remaining` is empty when the key is gone.
    Leave {
        key: String,
        remaining: Vec<Meta>,
        left: Vec<Meta>,
    },
}

/// Applies `diff` to `state`: joins first (new metas replace same-`phx_ref` ones, older metas
/// stay in front), then leaves (by `phx_ref`; a key with no metas left is removed).
pub fn sync_diff(state: &mut State, diff: Diff) -> Vec<Change> {
    let mut changes = Vec::new();
    for (key, joined) in diff.joins {
        let mut entry = joined.clone();
        let was_present = match state.remove(&key) {
            Some(current) => {
                let kept = current
                    .metas
                    .into_iter()
                    .filter(|m| !joined.metas.iter().any(|j| j.phx_ref == m.phx_ref));
                entry.metas.splice(0..0, kept);
                true
            }
            None => false,
        };
        state.insert(key.clone(), entry);
        changes.push(Change::Join {
            key,
            was_present,
            joined: joined.metas,
        });
    }
    for (key, left) in diff.leaves {
        let Some(current) = state.get_mut(&key) else {
            continue;
        };
        current
            .metas
            .retain(|m| !left.metas.iter().any(|l| l.phx_ref == m.phx_ref));
        let remaining = current.metas.clone();
        if remaining.is_empty() {
            state.remove(&key);
        }
        changes.push(Change::Leave {
            key,
            remaining,
            left: left.metas,
        });
    }
    changes
}

/// Replaces `state` with `new_state`, as a diff of what joined and left in between.
pub fn sync_state(state: &mut State, new_state: State) -> Vec<Change> {
    let mut diff = Diff::default();
    for (key, current) in state.iter() {
        match new_state.get(key) {
            None => {
                diff.leaves.insert(key.clone(), current.clone());
            }
            Some(new) => {
                let joined: Vec<Meta> = new
                    .metas
                    .iter()
                    .filter(|m| !current.metas.iter().any(|c| c.phx_ref == m.phx_ref))
                    .cloned()
                    .collect();
                let left: Vec<Meta> = current
                    .metas
                    .iter()
                    .filter(|c| !new.metas.iter().any(|m| m.phx_ref == c.phx_ref))
                    .cloned()
                    .collect();
                if !joined.is_empty() {
                    diff.joins.insert(key.clone(), Entry { metas: joined });
                }
                if !left.is_empty() {
                    diff.leaves.insert(key.clone(), Entry { metas: left });
                }
            }
        }
    }
    for (key, new) in new_state {
        if !state.contains_key(&key) {
            diff.joins.insert(key, new);
        }
    }
    sync_diff(state, diff)
}

/// One channel's presence: the merged state, and diffs held until the current join's state.
#[derive(Debug, Default)]
pub struct Presence {
    state: State,
    pending: Vec<Diff>,
    synced_join_ref: Option<String>,
}

impl Presence {
    /// A `presence_state` pushed for the join `join_ref`.
    pub fn on_state(&mut self, join_ref: &str, new_state: State) -> Vec<Change> {
        self.synced_join_ref = Some(join_ref.to_owned());
        let mut changes = sync_state(&mut self.state, new_state);
        for diff in std::mem::take(&mut self.pending) {
            changes.extend(sync_diff(&mut self.state, diff));
        }
        changes
    }

    /// A `presence_diff` received while the channel's join is `join_ref`.
    pub fn on_diff(&mut self, join_ref: &str, diff: Diff) -> Vec<Change> {
        if self.synced_join_ref.as_deref() == Some(join_ref) {
            sync_diff(&mut self.state, diff)
        } else {
            self.pending.push(diff);
            Vec::new()
        }
    }

    pub fn state(&self) -> &State {
        &self.state
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn state(value: Value) -> State {
        serde_json::from_value(value).unwrap()
    }

    fn diff(value: Value) -> Diff {
        serde_json::from_value(value).unwrap()
    }

    fn refs(state: &State, key: &str) -> Vec<String> {
        state[key].metas.iter().map(|m| m.phx_ref.clone()).collect()
    }

    #[test]
    fn a_join_adds_a_meta_after_the_ones_already_there() {
        let mut current = state(json!({"u1": {"metas": [{"phx_ref": "1", "device": "phone"}]}}));
        let changes = sync_diff(
            &mut current,
            diff(json!({"joins": {"u1": {"metas": [{"phx_ref": "2", "device": "laptop"}]}}})),
        );
        assert_eq!(refs(&current, "u1"), ["1", "2"]);
        assert_eq!(current["u1"].metas[1].fields["device"], "laptop");
        assert!(matches!(
            &changes[..],
            [Change::Join {
                was_present: true,
                ..
            }]
        ));
    }

    #[test]
    fn a_key_leaves_only_with_its_last_meta() {
        let mut current = state(json!({"u1": {"metas": [{"phx_ref": "1"}, {"phx_ref": "2"}]}}));
        sync_diff(
            &mut current,
            diff(json!({"leaves": {"u1": {"metas": [{"phx_ref": "1"}]}}})),
        );
        assert_eq!(refs(&current, "u1"), ["2"]);
        let changes = sync_diff(
            &mut current,
            diff(json!({"leaves": {"u1": {"metas": [{"phx_ref": "2"}]}}})),
        );
        assert!(current.is_empty());
        assert!(matches!(&changes[..], [Change::Leave { remaining, .. }] if remaining.is_empty()));
        assert!(
            sync_diff(
                &mut current,
                diff(json!({"leaves": {"ghost": {"metas": []}}}))
            )
            .is_empty()
        );
    }

    #[test]
    fn an_update_replaces_the_meta_it_names() {
        let mut current = state(json!({"u1": {"metas": [{"phx_ref": "1", "status": "away"}]}}));
        sync_diff(
            &mut current,
            diff(json!({
                "joins": {"u1": {"metas": [{"phx_ref": "2", "phx_ref_prev": "1", "status": "here"}]}},
                "leaves": {"u1": {"metas": [{"phx_ref": "1", "status": "away"}]}}
            })),
        );
        assert_eq!(refs(&current, "u1"), ["2"]);
        assert_eq!(current["u1"].metas[0].fields["status"], "here");
    }

    #[test]
    fn a_new_state_reports_who_joined_and_left_in_between() {
        let mut current = state(json!({
            "gone": {"metas": [{"phx_ref": "1"}]},
            "stays": {"metas": [{"phx_ref": "2"}, {"phx_ref": "3"}]}
        }));
        let changes = sync_state(
            &mut current,
            state(json!({
                "stays": {"metas": [{"phx_ref": "3"}, {"phx_ref": "4"}]},
                "__proto__": {"metas": [{"phx_ref": "5"}]}
            })),
        );
        assert_eq!(current.keys().collect::<Vec<_>>(), ["__proto__", "stays"]);
        assert_eq!(refs(&current, "stays"), ["3", "4"]);
        assert_eq!(
            changes
                .iter()
                .filter(|c| matches!(c, Change::Join { .. }))
                .count(),
            2
        );
        assert_eq!(
            changes
                .iter()
                .filter(|c| matches!(c, Change::Leave { .. }))
                .count(),
            2
        );
    }

    #[test]
    fn diffs_before_the_current_joins_state_wait_for_it() {
        let mut presence = Presence::default();
        let early = diff(json!({"joins": {"u2": {"metas": [{"phx_ref": "9"}]}}}));
        assert!(presence.on_diff("5", early).is_empty());
        assert!(presence.state().is_empty());
        presence.on_state("5", state(json!({"u1": {"metas": [{"phx_ref": "1"}]}})));
        assert_eq!(presence.state().keys().collect::<Vec<_>>(), ["u1", "u2"]);
        // After a rejoin (new join_ref) diffs wait again until that join's state.
        assert!(
            presence
                .on_diff(
                    "6",
                    diff(json!({"leaves": {"u1": {"metas": [{"phx_ref": "1"}]}}}))
                )
                .is_empty()
        );
        assert!(presence.state().contains_key("u1"));
    }
}
