// Package lint checks Kafka and ZooKeeper compose files (`kafkit lint`).
//
// A file is read twice: as YAML nodes, so that every finding points at the
// line and column it is about, and by compose-go, for docker compose's own
// verdict. Each service is then described to the stack model (package
// stackmodel), which says what it runs, what its image does with each
// variable and which configuration its server ends up with; the rules judge
// that against the catalogue (package catalog).
//
// The pieces: the registry of rules and the runner (lint.go), the findings
// and their text form, the project model with positions (model.go, yaml.go,
// compose.go, listeners.go, security.go), and one rule_<name>.go per rule
// with its own table test. The linter never imports the generator (package
// compose), nor the generator the linter; its external tests lint the
// generator's output.
package lint
