package io.srgan.spark.models;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Who holds a lease: the host, the process and the run (or command) it was taken for.
 *
 * @param host the machine's host name (a pod name under Kubernetes)
 * @param pid  the JVM's process id
 * @param run  the retrain run id, or the command, e.g. {@code models promote}
 */
public record LeaseOwner(String host, long pid, String run) {

    /** This process, for {@code run}. */
    public static LeaseOwner thisProcess(String run) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return new LeaseOwner(host, ManagementFactory.getRuntimeMXBean().getPid(), run);
    }

    @Override
    public String toString() {
        return run + " (pid " + pid + " on " + host + ")";
    }
}
