# O consumidor da semente, como ela o descreve: configura o Consumer com
# bootstrap.servers, group.id e auto.offset.reset, assina o tópico
# 'conversas' e, num laço, chama poll(1.0): None é "nada ainda", um erro de
# fim de partição é só avisado, outro erro é impresso e encerra o laço, e uma
# mensagem válida é impressa com a chave (se houver) e o valor.
#
# The seed's consumer, as the seed describes it. Additions for the tests:
# the bootstrap server may be the first argument (default: the seed's
# localhost:9092), and a second argument N makes it stop after N messages
# (default 0: loop forever, as in the seed), closing the consumer so that it
# commits and leaves the group.
import sys

from confluent_kafka import Consumer, KafkaError

bootstrap = sys.argv[1] if len(sys.argv) > 1 else 'localhost:9092'
esperadas = int(sys.argv[2]) if len(sys.argv) > 2 else 0

consumer = Consumer({
    'bootstrap.servers': bootstrap,
    'group.id': 'meu-grupo',
    'auto.offset.reset': 'earliest',
})

consumer.subscribe(['conversas'])

recebidas = 0
try:
    while True:
        msg = consumer.poll(1.0)
        if msg is None:
            continue
        if msg.error():
            if msg.error().code() == KafkaError._PARTITION_EOF:
                print('Fim da partição {} [{}]'.format(msg.topic(), msg.partition()), flush=True)
                continue
            print('Erro: {}'.format(msg.error()), flush=True)
            break
        if msg.key():
            print('{}: {}'.format(msg.key().decode('utf-8'), msg.value().decode('utf-8')), flush=True)
        else:
            print(msg.value().decode('utf-8'), flush=True)
        recebidas += 1
        if esperadas and recebidas >= esperadas:
            break
finally:
    consumer.close()
