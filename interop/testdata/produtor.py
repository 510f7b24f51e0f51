# O produtor da semente, como ela o descreve: configura o Producer com
# bootstrap.servers, envia uma mensagem com chave ao tópico 'conversas' e
# chama flush() para garantir a entrega antes de sair.
#
# The seed's producer, as the seed describes it. The only addition is that
# the bootstrap server may be given as the first argument (the tests start a
# broker on a random port); without it, it is the seed's localhost:9092.
import sys

from confluent_kafka import Producer

bootstrap = sys.argv[1] if len(sys.argv) > 1 else 'localhost:9092'

producer = Producer({'bootstrap.servers': bootstrap})

producer.produce('conversas', key='chave', value='faco o que eu posso com o que tenho no momento, quando tiver melhores condicoes, faco melhor')

producer.flush()
