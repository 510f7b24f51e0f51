# The seed's producer (interop/testdata/produtor.py) turned to the bench's
# task: a confluent-kafka Producer with only bootstrap.servers set, as in the
# seed, produce() for every line of stdin (the line without its newline is
# the value) and flush() at the end. When librdkafka's local queue is full
# (100,000 records by default), produce() raises BufferError; the program
# then serves the queue with poll() and tries again, as confluent-kafka's own
# examples do.
#
# Usage: python3 produtor.py BOOTSTRAP TOPIC < FILE
import sys

from confluent_kafka import Producer

bootstrap, topic = sys.argv[1], sys.argv[2]

producer = Producer({'bootstrap.servers': bootstrap})

failed = []


def entrega(err, msg):
    if err is not None:
        failed.append(err)


for line in sys.stdin.buffer:
    value = line[:-1] if line.endswith(b'\n') else line
    while True:
        try:
            producer.produce(topic, value=value, on_delivery=entrega)
            break
        except BufferError:
            producer.poll(0.1)
    producer.poll(0)

left = producer.flush(60)
if left or failed:
    print('produtor: {} records not delivered, {} failed (first: {})'.format(
        left, len(failed), failed[0] if failed else None), file=sys.stderr)
    sys.exit(1)
