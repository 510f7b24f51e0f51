# A transactional producer for the interop tests, written with
# confluent-kafka: "txn.py BOOTSTRAP TOPIC TRANSACTIONAL_ID" writes three
# transactions to TOPIC: c1 and c2 committed, a1 and a2 aborted, c3
# committed. The topic's last offset is then a commit marker.
import sys

from confluent_kafka import Producer

bootstrap, topic, txid = sys.argv[1:4]
producer = Producer({'bootstrap.servers': bootstrap, 'transactional.id': txid})
producer.init_transactions(60)
for values, commit in ((['c1', 'c2'], True), (['a1', 'a2'], False), (['c3'], True)):
    producer.begin_transaction()
    for v in values:
        producer.produce(topic, key='k', value=v)
    producer.flush(60)
    if commit:
        producer.commit_transaction(60)
    else:
        producer.abort_transaction(60)
