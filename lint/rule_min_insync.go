package lint

import (
	"strconv"
)

// ruleMinInsync compares minimum in-sync replica counts with what can be in
// sync: min.insync.replicas above the default replication factor (or the
// broker count), and the transaction log's min ISR above its replication
// factor. Up to Kafka 3.6 writes with acks=all then fail with
// NOT_ENOUGH_REPLICAS (an error). Kafka 3.7 and later cap the minimum at
// the partition's replica count (Partition.effectiveMinIsr), as a real 3.9.2
// broker shows in TestLintClaimsOnRealKafka: the writes succeed, but only
// while every replica is in sync, and the setting means less than it says
// (a warning).
var ruleMinInsync = Rule{
	Name:    "min-insync",
	Summary: "min.insync.replicas (or the transaction log's min ISR) above the replication factor",
	check: func(p *project, r *reporter) {
		brokers := p.brokers()
		if p.scaled(brokers) {
			return
		}
		n := len(brokers)
		for _, s := range brokers {
			pairs := []struct{ isr, rf, effect string }{
				{"min.insync.replicas", "default.replication.factor", "producers with acks=all fail with NOT_ENOUGH_REPLICAS on topics created with the default replication factor"},
				{"transaction.state.log.min.isr", "transaction.state.log.replication.factor", "transactional producers fail with NOT_ENOUGH_REPLICAS"},
			}
			// An image whose Kafka version is unknown is taken to be
			// current, like the stack's 3.9.
			ma, mi, known := s.image.KafkaVersion(s.conv)
			capped := !known || ma > 3 || ma == 3 && mi >= 7
			report := r.errorf
			if capped {
				report = r.warnf
			}
			for _, pr := range pairs {
				effect := pr.effect
				if capped {
					effect = minISRCapped
				}
				isr, isrName, isrSet, ok1 := s.intSetting(pr.isr)
				rf, rfName, _, ok2 := s.intSetting(pr.rf)
				if pr.rf == "default.replication.factor" {
					if crf, cname, ok := p.kafka4ControllerRF(s); ok {
						rf, rfName, ok2 = crf, cname, true
					}
				}
				if !ok1 || !ok2 {
					continue
				}
				limit, against := rf, rfName+" ("+strconv.Itoa(rf)+")"
				if n < limit {
					limit, against = n, "the number of brokers in the file ("+strconv.Itoa(n)+")"
				}
				if isr <= limit {
					continue
				}
				hint := s.setHint(pr.isr, strconv.Itoa(max(1, limit-1)))
				if limit > 1 {
					hint += " (at most " + strconv.Itoa(limit) + ", which leaves no replica to spare)"
				}
				if isrSet {
					report(s.props.get(pr.isr).pos, hint, "%s is %d, above %s: %s", isrName, isr, against, effect)
				} else {
					report(s.settingsPos(), hint, "%s defaults to %d, above %s, and service %s does not set %s: %s",
						pr.isr, isr, against, s.name, isrName, effect)
				}
			}
		}
	},
}

// minISRCapped is what a minimum in-sync count above the replication
// factor does on Kafka 3.7 and later.
const minISRCapped = "Kafka 3.7 and later cap the minimum at the replication factor, so acks=all writes succeed only while every replica is in sync (Kafka 3.6 and older refuse them with NOT_ENOUGH_REPLICAS)"
