# A peer for the interop tests, written with confluent-kafka (the seed's
# library): "produce BOOTSTRAP TOPIC" writes the records given on stdin,
# one JSON object a line ({"key", "value", "headers": [{"key", "value"}]},
# bytes base64-encoded, null for an absent key or value), and exits 1 unless
# every one is delivered; "consume BOOTSTRAP TOPIC N GROUP" reads N records
# in group GROUP from the earliest offset and prints each in the same form.
import base64
import json
import sys
import time

from confluent_kafka import Consumer, Producer


def enc(b):
    return None if b is None else base64.b64encode(b).decode()


def dec(s):
    return None if s is None else base64.b64decode(s)


mode, bootstrap, topic = sys.argv[1:4]
if mode == 'produce':
    producer = Producer({'bootstrap.servers': bootstrap, 'linger.ms': 5})
    failed = []

    def delivered(err, msg):
        if err is not None:
            failed.append(err)

    for line in sys.stdin:
        r = json.loads(line)
        headers = [(h['key'], dec(h['value'])) for h in r.get('headers') or []]
        producer.produce(topic, key=dec(r.get('key')), value=dec(r.get('value')),
                         headers=headers or None, on_delivery=delivered)
    left = producer.flush(60)
    if left or failed:
        print('not delivered: {} left, errors {}'.format(left, failed), file=sys.stderr)
        sys.exit(1)
elif mode == 'consume':
    want, group = int(sys.argv[4]), sys.argv[5]
    consumer = Consumer({'bootstrap.servers': bootstrap, 'group.id': group,
                         'auto.offset.reset': 'earliest'})
    consumer.subscribe([topic])
    got = 0
    deadline = time.time() + 60
    try:
        while got < want and time.time() < deadline:
            msg = consumer.poll(1.0)
            if msg is None:
                continue
            if msg.error():
                print('error: {}'.format(msg.error()), file=sys.stderr)
                sys.exit(1)
            print(json.dumps({'key': enc(msg.key()), 'value': enc(msg.value()),
                              'headers': [{'key': k, 'value': enc(v)} for k, v in msg.headers() or []]}),
                  flush=True)
            got += 1
    finally:
        consumer.close()
    if got < want:
        print('read {} of {} records'.format(got, want), file=sys.stderr)
        sys.exit(1)
else:
    print('usage: peer.py produce|consume BOOTSTRAP TOPIC [N GROUP]', file=sys.stderr)
    sys.exit(2)
