package org.layerbraid.engine;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.spark.TaskContext;

/**
 * The links between the tasks of one barrier stage. Every task listens on a port of its executor's
 * host; the addresses are swapped once through the driver ({@link Rendezvous}), and from then on
 * states, blocks and sums go from task to task over TCP, never through the driver. Messages from
 * one task arrive in the order they were sent, and every task runs the same sequence of operations,
 * so a receive names its sender and needs no tag.
 */
public final class TaskLinks implements AutoCloseable {
  /** How long a receive waits between checks that the stage is still alive. */
  private static final long POLL_MS = 200;

  private final TaskContext context;
  private final int self;
  private final ServerSocket server;
  private final List<BlockingQueue<byte[]>> inbox = new ArrayList<>();
  private final Socket[] outgoing;
  private final DataOutputStream[] out;
  private final List<Socket> accepted = new ArrayList<>();
  private final String[] addresses;
  private volatile Throwable failure;

  /**
   * Opens this task's end and meets the other tasks at the driver's {@code rendezvous} under
   * {@code key}; every task of the stage must call it.
   */
  TaskLinks(TaskContext context, int tasks, String rendezvous, String key, String host) {
    this.context = context;
    this.self = context.partitionId();
    for (int t = 0; t < tasks; t++) inbox.add(new LinkedBlockingQueue<>());
    outgoing = new Socket[tasks];
    out = new DataOutputStream[tasks];
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), tasks);
    } catch (IOException e) {
      throw new UncheckedIOException("resident engine: task " + self + " cannot listen on " + host, e);
    }
    Thread acceptor = new Thread(this::accept, "layerbraid-links-accept-" + self);
    acceptor.setDaemon(true);
    acceptor.start();
    addresses = Rendezvous.meet(rendezvous, key, tasks, self, host + ":" + server.getLocalPort(), context);
  }

  /** This task's number in its stage. */
  public int self() { return self; }

  /** The stage's number of tasks. */
  public int tasks() { return outgoing.length; }

  private void accept() {
    try {
      while (!server.isClosed()) {
        Socket s = server.accept();
        synchronized (accepted) {
          accepted.add(s);
        }
        Thread reader = new Thread(() -> read(s), "layerbraid-links-read-" + self);
        reader.setDaemon(true);
        reader.start();
      }
    } catch (IOException e) {
      if (!server.isClosed()) failure = e;
    }
  }

  private void read(Socket s) {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16))) {
      int from = in.readInt();
      while (true) {
        int length;
        try {
          length = in.readInt();
        } catch (EOFException closed) {
          return;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        inbox.get(from).add(bytes);
      }
    } catch (IOException e) {
      if (!server.isClosed()) failure = e;
    }
  }

  /** Sends a message to task {@code to}; it never waits for the receiver (a reader thread there drains it). */
  void send(int to, byte[] message) {
    try {
      DataOutputStream o = out[to];
      if (o == null) {
        String[] hostPort = addresses[to].split(":");
        Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
        s.setTcpNoDelay(true);
        outgoing[to] = s;
        o = out[to] = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        o.writeInt(self);
      }
      o.writeInt(message.length);
      o.write(message);
      o.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("resident engine: task " + self + " cannot send to task " + to + " at "
          + addresses[to], e);
    }
  }

  /** The next message from task {@code from}; fails when the link broke or the stage is being killed. */
  byte[] receive(int from) {
    try {
      while (true) {
        byte[] m = inbox.get(from).poll(POLL_MS, TimeUnit.MILLISECONDS);
        if (m != null) return m;
        if (failure != null) {
          throw new IllegalStateException("resident engine: task " + self + " lost its links: " + failure, failure);
        }
        context.killTaskIfInterrupted();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("resident engine: task " + self + " interrupted", e);
    }
  }

  /** The sum over all tasks of their values, added in task order by task 0 (the same number in every task). */
  double sum(double value) {
    if (self != 0) {
      send(0, TaskLinks.encode(new double[] {value}));
      return decode(receive(0))[0];
    }
    double sum = value;
    for (int t = 1; t < tasks(); t++) sum += decode(receive(t))[0];
    byte[] total = encode(new double[] {sum});
    for (int t = 1; t < tasks(); t++) send(t, total);
    return sum;
  }

  /**
   * Every task's vector gathered at task 0 in task order and combined there; every task returns the
   * combined vector, so all of them go on from the same numbers. Vectors travel in bulk
   * ({@link #encode}): Java serialization of a gradient's million doubles cost milliseconds a step.
   */
  public double[] allReduce(double[] mine, java.util.function.Function<List<double[]>, double[]> combine) {
    if (self != 0) {
      send(0, encode(mine));
      return decode(receive(0));
    }
    List<double[]> all = new ArrayList<>(tasks());
    all.add(mine);
    for (int t = 1; t < tasks(); t++) all.add(decode(receive(t)));
    double[] result = combine.apply(all);
    byte[] bytes = encode(result);
    for (int t = 1; t < tasks(); t++) send(t, bytes);
    return result;
  }

  @Override
  public void close() {
    try {
      server.close();
      for (Socket s : outgoing) if (s != null) s.close();
      synchronized (accepted) {
        for (Socket s : accepted) s.close();
      }
    } catch (IOException e) {
      // The stage's work is done; a socket that fails to close loses nothing.
    }
  }

  /** A state (or null) as bytes, in bulk: Java serialization writes a double[] one element at a time. */
  static byte[] encode(double[] state) {
    if (state == null) return new byte[0];
    ByteBuffer b = ByteBuffer.allocate(8 * state.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(state);
    return b.array();
  }

  static double[] decode(byte[] bytes) {
    if (bytes.length == 0) return null;
    double[] state = new double[bytes.length / 8];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(state);
    return state;
  }

  /** Blocks and other rare cargo (the non-nested level changes): plain serialization. */
  static byte[] serialize(Object value) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
      o.writeObject(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Object deserialize(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      return in.readObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
