package org.layerbraid.engine;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;

/**
 * Where the tasks of a resident stage find each other: a small server on the driver to which every
 * task reports the address it listens on, and which answers each with all of them once the last
 * has reported. Spark's own {@code BarrierTaskContext.allGather} would do, but it polls once a
 * second; this answers in a round trip. A stage's tasks report under one key, which includes the
 * stage attempt, so a rerun stage never meets the addresses of a failed one.
 */
final class Rendezvous implements AutoCloseable {
  private static Rendezvous driverInstance;

  private final ServerSocket server;
  private final Map<String, Meeting> meetings = new HashMap<>();

  /** The one server of this driver JVM, started on first use. */
  static synchronized Rendezvous onDriver(String host) {
    if (driverInstance == null || driverInstance.server.isClosed()) driverInstance = new Rendezvous(host);
    return driverInstance;
  }

  private Rendezvous(String host) {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getByName(host), 0), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException("resident engine: the driver cannot listen on " + host, e);
    }
    Thread t = new Thread(this::serve, "layerbraid-rendezvous");
    t.setDaemon(true);
    t.start();
  }

  String address() { return server.getInetAddress().getHostAddress() + ":" + server.getLocalPort(); }

  private record Meeting(String[] addresses, List<Socket> waiting) {}

  private void serve() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        DataInputStream in = new DataInputStream(s.getInputStream());
        String key = in.readUTF();
        int tasks = in.readInt(), task = in.readInt();
        String address = in.readUTF();
        answerWhenAllCame(key, tasks, task, address, s);
      } catch (IOException e) {
        // One task's failed report: that task fails, and Spark reruns the stage under a new key.
      }
    }
  }

  private void answerWhenAllCame(String key, int tasks, int task, String address, Socket s) throws IOException {
    Meeting m = meetings.computeIfAbsent(key, k -> new Meeting(new String[tasks], new ArrayList<>()));
    m.addresses()[task] = address;
    m.waiting().add(s);
    if (m.waiting().size() < tasks) return;
    meetings.remove(key);
    for (Socket waiting : m.waiting()) {
      try (Socket w = waiting; DataOutputStream out = new DataOutputStream(w.getOutputStream())) {
        for (String a : m.addresses()) out.writeUTF(a);
      }
    }
  }

  /**
   * Reports this task's address under {@code key} and waits for those of all {@code tasks} tasks, in
   * task order; while it waits it checks whether Spark is killing the task (a stage whose other task
   * failed before it came), since a socket read does not see the thread's interrupt.
   */
  static String[] meet(String rendezvous, String key, int tasks, int task, String address, TaskContext context) {
    String[] hostPort = rendezvous.split(":");
    try (Socket s = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
      s.setSoTimeout(200);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.writeUTF(key);
      out.writeInt(tasks);
      out.writeInt(task);
      out.writeUTF(address);
      out.flush();
      DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
      while (true) {
        try {
          in.mark(1);
          if (in.read() < 0) throw new java.io.EOFException("the driver closed the rendezvous");
          in.reset();
          break;
        } catch (SocketTimeoutException waiting) {
          context.killTaskIfInterrupted();
        }
      }
      s.setSoTimeout(0);
      String[] all = new String[tasks];
      for (int t = 0; t < tasks; t++) all[t] = in.readUTF();
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException("resident engine: task " + task + " cannot meet the others at " + rendezvous, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      server.close();
    } catch (IOException e) {
      // Closing a listening socket loses nothing.
    }
  }
}
