package dev.hadsl.openstack;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.ListAddressResolver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The lab's AMQP client, a real one (com.rabbitmq:amqp-client), started in the lab's bridge namespace as its own
 * process. {@code publish}: numbered persistent messages to a durable queue, each waited on for the broker's
 * publisher confirm (at most 2 s), logged {@code ack N EPOCH_MS} or {@code fail N EPOCH_MS WHY}; on a failure it
 * reconnects to the next address (logged {@code connected ADDRESS EPOCH_MS}) and sends the same message again. {@code drain}: every message of the queue, each acknowledged, logged
 * {@code got N}, until the queue stays empty for a second. Bounded in count and seconds. The user and password come
 * from a 0600 file (two lines), never from the command line.
 */
public final class AmqpLoad {
  /**
   * How long a message waits for its confirm: a crashed node's namespace vanishes without a reset, so a broken
   * connection shows only as silence.
   */
  private static final int CONFIRM_WAIT_MILLIS = 2000;

  private AmqpLoad() {}

  /** The addresses as given: the client's default resolver shuffles them. */
  private static final class InOrder extends ListAddressResolver {
    InOrder(List<Address> addresses) {
      super(addresses);
    }

    @Override
    public List<Address> maybeShuffle(List<Address> input) {
      return input;
    }
  }

  /** {@code publish CREDENTIALS HOST:PORT,... QUEUE FIRST COUNT SECONDS} or {@code drain CREDENTIALS ADDRESSES QUEUE}. */
  public static void main(String[] args) throws Exception {
    List<String> credentials = Files.readAllLines(Path.of(args[1]));
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUsername(credentials.get(0));
    factory.setPassword(credentials.get(1));
    factory.setConnectionTimeout(1000);
    factory.setHandshakeTimeout(2000);
    factory.setRequestedHeartbeat(2);
    factory.setAutomaticRecoveryEnabled(false);
    List<Address> addresses = Arrays.stream(args[2].split(",")).map(Address::parseAddress).toList();
    String queue = args[3];
    if (args[0].equals("publish")) {
      publish(factory, addresses, queue, Integer.parseInt(args[4]), Integer.parseInt(args[5]),
          Long.parseLong(args[6]));
    } else {
      drain(factory, addresses, queue);
    }
  }

  private static void publish(ConnectionFactory factory, List<Address> addresses, String queue, int first, int count,
      long seconds) throws InterruptedException {
    long end = System.currentTimeMillis() + seconds * 1000;
    Connection connection = null;
    Channel channel = null;
    int next = 0;
    int attempts = 0;
    for (int n = first; n < first + count && System.currentTimeMillis() < end; ) {
      try {
        if (channel == null || !channel.isOpen()) {
          close(connection);
          // Each reconnection starts at the next address, in order (the client would shuffle them), as an
          // OpenStack client walks rabbit_hosts.
          List<Address> rotated = new ArrayList<>(addresses.subList(next % addresses.size(), addresses.size()));
          rotated.addAll(addresses.subList(0, next % addresses.size()));
          next++;
          connection = factory.newConnection(new InOrder(rotated));
          System.out.println("connected " + connection.getAddress().getHostAddress() + " "
              + System.currentTimeMillis());
          channel = connection.createChannel();
          channel.queueDeclare(queue, true, false, false, null);
          channel.confirmSelect();
        }
        channel.basicPublish("", queue, true, new AMQP.BasicProperties.Builder().deliveryMode(2).build(),
            Integer.toString(n).getBytes(StandardCharsets.US_ASCII));
        channel.waitForConfirmsOrDie(CONFIRM_WAIT_MILLIS);
        System.out.println("ack " + n + " " + System.currentTimeMillis());
        n++;
        attempts = 0;
      } catch (Exception e) {
        System.out.println("fail " + n + " " + System.currentTimeMillis() + " " + e.getClass().getSimpleName()
            + ": " + String.valueOf(e.getMessage()).replace('\n', ' '));
        close(connection);
        channel = null;
        // At least once, as a publisher that cares: the same message again (a copy may already be queued, if only
        // its confirm was lost: a duplicate the consumer counts), at most three times.
        if (++attempts >= 3) {
          n++;
          attempts = 0;
        }
        Thread.sleep(100);
      }
      System.out.flush();
      Thread.sleep(20);
    }
    close(connection);
  }

  private static void drain(ConnectionFactory factory, List<Address> addresses, String queue) throws Exception {
    try (Connection connection = factory.newConnection(addresses)) {
      Channel channel = connection.createChannel();
      long idleSince = System.currentTimeMillis();
      for (int i = 0; i < 200_000 && System.currentTimeMillis() - idleSince < 1000; i++) {
        GetResponse message = channel.basicGet(queue, false);
        if (message == null) {
          Thread.sleep(50);
          continue;
        }
        System.out.println("got " + new String(message.getBody(), StandardCharsets.US_ASCII)
            + (message.getEnvelope().isRedeliver() ? " redelivered" : ""));
        channel.basicAck(message.getEnvelope().getDeliveryTag(), false);
        idleSince = System.currentTimeMillis();
      }
      System.out.println("drained");
    }
  }

  private static void close(Connection connection) {
    if (connection != null) {
      try {
        connection.abort(1000);
      } catch (RuntimeException ignored) {
        // already gone with its node
      }
    }
  }
}
