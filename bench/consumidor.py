# The seed's consumer (interop/testdata/consumidor.py) turned to the bench's
# task: a confluent-kafka Consumer with bootstrap.servers, group.id and
# auto.offset.reset=earliest, as in the seed, subscribed to one topic, that
# calls poll(1.0) in a loop and prints each value, one per line, and stops
# after N records, closing the consumer (which commits and leaves the group).
#
# Usage: python3 consumidor.py BOOTSTRAP TOPIC GROUP N > OUT
import sys

from confluent_kafka import Consumer

bootstrap, topic, group, esperadas = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])

consumer = Consumer({
    'bootstrap.servers': bootstrap,
    'group.id': group,
    'auto.offset.reset': 'earliest',
})

consumer.subscribe([topic])

out = sys.stdout.buffer
recebidas = 0
try:
    while recebidas < esperadas:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            print('consumidor: {}'.format(msg.error()), file=sys.stderr)
            sys.exit(1)
        out.write(msg.value())
        out.write(b'\n')
        recebidas += 1
finally:
    consumer.close()
    out.flush()
