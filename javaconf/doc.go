// Package javaconf reads Java configuration text the way the JVM does, so
// that kafkit's client, its compose generator and its linter all see what
// Kafka and ZooKeeper see:
//
//   - properties files (server.properties, zoo.cfg, a client's -F or
//     --command-config file), read as java.util.Properties.load reads them,
//     with the position of every key and value;
//   - JVM argument files (the @file arguments of KAFKA_OPTS or JVMFLAGS),
//     split into arguments as the java launcher splits them.
//
// Both readers are checked against a real JDK in this package's tests
// (testenv/javaconf). The package imports nothing from kafkit.
package javaconf
