package dev.anonymousaccess.signup;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

import com.google.common.net.InetAddresses;

/**
 * Where a sign-up comes from, as counted: an IPv4 address, or the /64 network of an IPv6 address (one subscriber
 * usually holds a whole /64, so counting single IPv6 addresses would count nothing). Parsed without any DNS lookup;
 * anything that is not an IP literal counts as one shared "unknown" source, so it cannot escape the limit.
 *
 * @param key what the sign-up counter is keyed by
 */
public record SourceAddress(String key) {

    public static final SourceAddress UNKNOWN = new SourceAddress("unknown");

    /** @param sourceIp API Gateway's {@code requestContext.http.sourceIp}, never a client-supplied header */
    public static SourceAddress of(String sourceIp) {
        if (sourceIp == null || !InetAddresses.isInetAddress(sourceIp)) {
            return UNKNOWN;
        }
        InetAddress address = InetAddresses.forString(sourceIp);
        if (address instanceof Inet6Address v6) {
            if (InetAddresses.is6to4Address(v6) || InetAddresses.isCompatIPv4Address(v6)
                    || InetAddresses.isTeredoAddress(v6)) {
                return of(InetAddresses.getEmbeddedIPv4ClientAddress(v6).getHostAddress());
            }
            byte[] bytes = v6.getAddress();
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(String.format("%02x%02x:", bytes[i], bytes[i + 1]));
            }
            return new SourceAddress(network + ":/64");
        }
        return new SourceAddress(((Inet4Address) address).getHostAddress());
    }
}
