package org.beacon.core.client;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a gateway finds the core: the Aeron folder of the node's media driver and the ingress and egress
 * channels and streams. All a gateway needs to know about a node, so that gateways depend on the client part of
 * core only (a node's {@code NodeContext} gives its own with {@code coreAddress()}).
 *
 * @param aeronDir        the media driver's folder.
 * @param ingressChannel  the channel gateways offer inputs on.
 * @param ingressStreamId its stream.
 * @param egressChannel   the channel the core publishes Acks and outputs on.
 * @param egressStreamId  its stream.
 */
public record CoreAddress(String aeronDir, String ingressChannel, int ingressStreamId, String egressChannel, int egressStreamId)
{
    /** Default ingress stream id. */
    public static final int INGRESS_STREAM_ID = 1001;
    /** Default egress stream id. */
    public static final int EGRESS_STREAM_ID = 1002;
    /** Default channel of both streams: shared memory on one machine. */
    public static final String IPC = "aeron:ipc";

    /**
     * Checks the address.
     *
     * @param aeronDir        the media driver's folder.
     * @param ingressChannel  the ingress channel.
     * @param ingressStreamId its stream.
     * @param egressChannel   the egress channel.
     * @param egressStreamId  its stream.
     */
    public CoreAddress
    {
        if (null == aeronDir || null == ingressChannel || null == egressChannel)
        {
            throw new IllegalArgumentException("an Aeron folder and both channels are required");
        }
    }

    /**
     * The address of a node with default channels and streams.
     *
     * @param aeronDir       the media driver's folder, or null for the default of the data folder.
     * @param dataDir        the node's data folder.
     * @param ingressChannel the ingress channel.
     * @param egressChannel  the egress channel.
     * @return the address.
     */
    public static CoreAddress of(final String aeronDir, final Path dataDir, final String ingressChannel, final String egressChannel)
    {
        return new CoreAddress(null != aeronDir ? aeronDir : defaultAeronDir(dataDir), ingressChannel, INGRESS_STREAM_ID,
            egressChannel, EGRESS_STREAM_ID);
    }

    /**
     * The Aeron folder a node with this data folder uses by default: in shared memory when there is
     * one, named after the data folder so that several nodes on one machine do not collide.
     *
     * @param dataDir the node's data folder.
     * @return the folder name.
     */
    public static String defaultAeronDir(final Path dataDir)
    {
        final String base = Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : System.getProperty("java.io.tmpdir");
        final String key = Integer.toHexString(dataDir.toAbsolutePath().normalize().toString().hashCode());
        return base + "/beacon-aeron-" + key;
    }

    /**
     * The same node, reached through another Aeron folder.
     *
     * @param dir the media driver's folder.
     * @return the address.
     */
    public CoreAddress withAeronDir(final String dir)
    {
        return new CoreAddress(dir, ingressChannel, ingressStreamId, egressChannel, egressStreamId);
    }
}
