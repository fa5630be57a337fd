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

    /**
     * Whether this owner is a process running on this machine now. False for another machine's process,
     * whose state cannot be seen from here; a reused pid can make it true for a process that is not the owner.
     */
    public boolean runsOnThisMachine() {
        return host.equals(thisProcess(run).host())
                && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /**
     * True if this owner is a process of this host (same host name) that no longer runs: a killed
     * holder. A process of another host, or one still running (or a new one that got the same pid),
     * is not gone.
     */
    public boolean isGoneFromThisHost() {
        return host.equals(thisProcess(run).host()) && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    @Override
    public String toString() {
        return run + " (pid " + pid + " on " + host + ")";
    }
}
