// Package compose generates kafkit's docker-compose stacks (`kafkit
// compose`): plan, then render.
//
// The plan (stack*.go, and security.go for a secured stack) turns
// StackOptions into the stack's nodes (brokers, controllers, ZooKeeper
// servers with their ids, listeners, ports and volumes) and each server's
// settings. The render (gen*.go, config_*.go, security_files.go,
// security_certs.go) writes them out: docker-compose.yml with every
// configuration file inline, and the certificates and client files of a
// secured stack. What an image is and what a service's effective
// configuration is belong to package stackmodel; checking a compose file
// belongs to package lint, which this package never imports.
package compose
