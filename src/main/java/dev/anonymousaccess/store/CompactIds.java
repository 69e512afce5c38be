package dev.anonymousaccess.store;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Session ids as a claimed user's item keeps them: the UUID's 16 bytes in 22 base64url characters instead of 36, so
 * that a user with the most further sessions (20) stays under 1 KB, one write unit.
 */
final class CompactIds {

    private CompactIds() {
    }

    static List<String> compact(List<String> ids) {
        return ids.stream().map(CompactIds::compact).toList();
    }

    /** @throws DamagedItemException when an entry is not a compact id */
    static List<String> expand(List<String> compacted, String attribute) {
        return compacted.stream().map(id -> expand(id, attribute)).toList();
    }

    static String compact(String id) {
        UUID uuid = UUID.fromString(id);
        byte[] bytes = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String expand(String compacted, String attribute) {
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(compacted);
        } catch (IllegalArgumentException e) {
            throw new DamagedItemException(attribute);
        }
        if (bytes.length != 16) {
            throw new DamagedItemException(attribute);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new UUID(buffer.getLong(), buffer.getLong()).toString();
    }
}
