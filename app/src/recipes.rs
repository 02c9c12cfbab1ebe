//! The cookbook's recipes and where each one lives in the product, for the home page's index.

/// One recipe of the cookbook and the part of the product that puts it to work.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recipe {
    pub number: u8,
    pub title: &'static str,
    pub lives_in: &'static str,
    /// Whether the product already shows this recipe working (as opposed to planned).
    pub in_place: bool,
}

impl Recipe {
    /// Whether every word of `query` appears in the title or in where the recipe lives,
    /// ignoring case; an empty query matches everything.
    pub fn matches(&self, query: &str) -> bool {
        let haystack = format!("{} {} {}", self.number, self.title, self.lives_in).to_lowercase();
        query
            .split_whitespace()
            .all(|word| haystack.contains(&word.to_lowercase()))
    }
}

const fn recipe(number: u8, title: &'static str, lives_in: &'static str, in_place: bool) -> Recipe {
    Recipe {
        number,
        title,
        lives_in,
        in_place,
    }
}

/// All 48 recipes, in the cookbook's order.
#[rustfmt::skip]
pub const RECIPES: [Recipe; 48] = [
    recipe(1, "Transform map keys", "JSON shapes of the v1 and v2 APIs", false),
    recipe(2, "Merge nested maps deeply", "Layered configuration: defaults < file < environment", true),
    recipe(3, "Group list items by criteria", "Admin reports grouped by role", false),
    recipe(4, "Build keyword lists from maps", "Query options of the API", false),
    recipe(5, "Update nested structures safely", "User preferences", false),
    recipe(6, "Extract values from complex structures", "Request parsing", false),
    recipe(7, "Match and transform with case", "Mapping domain results to responses", true),
    recipe(8, "Pin operator for exact matching", "Event matching in channels", false),
    recipe(9, "Compose functions with pipes", "Input normalisation pipelines (tags, search terms)", false),
    recipe(10, "Higher-order functions", "Middleware and query builders", true),
    recipe(11, "Capture syntax for conciseness", "Everyday iterator code", true),
    recipe(12, "Parse and format strings", "Log-line parsing on the system page", true),
    recipe(13, "String validation and sanitisation", "Email, length and HTML-stripping rules", false),
    recipe(14, "Parallel map with tasks", "Health checks side by side, each with a timeout", true),
    recipe(15, "Process registry", "One task per live chat room, found by id", true),
    recipe(16, "Debounce and throttle", "Typing indicators and search-as-you-type", true),
    recipe(17, "State machine", "Order lifecycle with history", false),
    recipe(18, "Dynamic supervision", "Chat room tasks started on demand, stopped when idle", true),
    recipe(19, "Periodic tasks", "The metrics collector: no overlap, no drift", true),
    recipe(20, "Result pattern", "Per-module error enums, one edge AppError", true),
    recipe(21, "Supervision for fault tolerance", "Restart limits on every background task", true),
    recipe(22, "Read and write files safely", "Upload storage: streamed to a partial file, synced, renamed into place", true),
    recipe(23, "CSV processing", "Streamed user export and import", false),
    recipe(24, "RESTful API endpoints", "/api/v1 and /api/v2", false),
    recipe(25, "Authentication middleware", "Bearer tokens for the API", false),
    recipe(26, "Real-time form validation", "Registration validated as you type", true),
    recipe(27, "WebSocket channels", "Chat over the Phoenix Channels protocol", true),
    recipe(28, "Session authentication", "Cookie sessions for the browser", true),
    recipe(29, "Real-time updates with PubSub", "Chat broadcasts and presence; the live dashboard", true),
    recipe(30, "Complex queries with joins", "Posts, comments and per-user statistics", false),
    recipe(31, "Transactions and rollbacks", "Placing an order: all or nothing", false),
    recipe(32, "Testing stateful services", "Integration tests against the real server", true),
    recipe(33, "Mocking external services", "In-memory mail and payment transports", false),
    recipe(34, "Profiling and benchmarks", "Benchmark suite with published figures", false),
    recipe(35, "Optimising database queries", "Indexes and N+1-free loading", false),
    recipe(36, "Environment-based configuration", "dev / test / prod profiles; prod demands its secrets", true),
    recipe(37, "Debugging techniques", "Tracing with request ids; the system page (tasks, memory, logs)", true),
    recipe(38, "Background jobs", "Persistent job queue with retries", false),
    recipe(39, "Database migrations", "Versioned, reversible migrations for SQLite and PostgreSQL", true),
    recipe(40, "API versioning", "URL and Accept-header versions", false),
    recipe(41, "Rate limiting", "Token bucket and sliding window, 429 with retry-after", false),
    recipe(42, "Internationalisation", "English, Indonesian, Spanish and French", false),
    recipe(43, "File uploads", "Checked uploads with live progress, and avatars", true),
    recipe(44, "Sending email", "Welcome and password-reset mail, dev mailbox", false),
    recipe(45, "Scheduled tasks", "Cron jobs managed at run time", false),
    recipe(46, "GraphQL API", "Queries, mutations, subscriptions", false),
    recipe(47, "Dependency injection for tests", "Traits for mail and payment", false),
    recipe(48, "Distributed systems", "Cluster mode on one PostgreSQL", false),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipes_are_numbered_in_order() {
        for (index, recipe) in RECIPES.iter().enumerate() {
            assert_eq!(usize::from(recipe.number), index + 1);
        }
    }

    #[test]
    fn every_word_of_a_query_must_match_ignoring_case() {
        let config = RECIPES[35];
        assert!(config.matches("PROD secrets"));
        assert!(config.matches("  "));
        assert!(!config.matches("prod websocket"));
    }

    #[test]
    fn a_query_can_name_a_recipe_by_number() {
        let hits: Vec<u8> = RECIPES
            .iter()
            .filter(|r| r.matches("27"))
            .map(|r| r.number)
            .collect();
        assert_eq!(hits, vec![27]);
    }
}
