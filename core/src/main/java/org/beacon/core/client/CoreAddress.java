package org.beacon.core.client;

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
