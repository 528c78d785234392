package org.beacon.dispatch.alert;

import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.ALERT_COUNT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.ALERT_ID_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.ALERT_LENGTH;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.AREA_HEADER_LENGTH;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.AREA_INNER_RADIUS_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.AREA_LAT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.AREA_LON_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.AREA_POLYGON_LENGTH_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.AREA_RING_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_CAMERA_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_COUNT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_ENTRY_LENGTH;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_ID_ENTRY_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_ID_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_LAT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_LON_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_RADIUS_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.CANDIDATE_ZONE_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.DEFERRED_COUNT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.DEFERRED_ENTRY_LENGTH;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.EXPIRES_AT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.FLAGS_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.FLAG_ISSUED;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.FLAG_OPERATOR_GEOMETRY;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.FLAG_PENDING;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.HAZARD_COUNT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.HAZARD_ENTRY_LENGTH;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.HAZARD_EXTENT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.HAZARD_INCIDENT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.HAZARD_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.HAZARD_VALUE_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.HEADER_LENGTH;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.INCIDENT_ID_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.ISSUED_REVISION_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.MAGIC;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.MAGIC_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.NEXT_DEADLINE_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.PROPOSED_AT_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.REVISION_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.STATE_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.VERSION;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.VERSION_OFFSET;
import static org.beacon.dispatch.alert.AlertSnapshotDescriptor.ZONE_KEY_OFFSET;

import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.beacon.codecs.Hazard;

/** Writes an {@link AlertBook} as a snapshot section and reads one back ({@link AlertSnapshotDescriptor} has the layout). */
final class AlertSnapshot
{
    private AlertSnapshot()
    {
    }

    /**
     * @param book   the state.
     * @param buffer to write to.
     * @param offset where.
     * @return bytes written.
     */
    static int write(final AlertBook book, final ExpandableArrayBuffer buffer, final int offset)
    {
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC);
        buffer.putInt(offset + VERSION_OFFSET, VERSION);
        buffer.putLong(offset + NEXT_DEADLINE_OFFSET, book.nextDeadlineNs);
        buffer.putInt(offset + ALERT_COUNT_OFFSET, book.alerts.size());
        buffer.putInt(offset + HAZARD_COUNT_OFFSET, book.hazards.size());
        buffer.putInt(offset + DEFERRED_COUNT_OFFSET, book.deferred.size());
        buffer.putInt(offset + CANDIDATE_COUNT_OFFSET, book.candidates.size());
        int at = offset + HEADER_LENGTH;
        for (final Alert a : book.alerts.values())
        {
            at = putAlert(buffer, at, a);
        }
        for (final Map.Entry<Long, Hazard> h : book.hazards.entrySet())
        {
            buffer.putLong(at + HAZARD_INCIDENT_OFFSET, h.getKey());
            buffer.putByte(at + HAZARD_VALUE_OFFSET, (byte)h.getValue().value());
            buffer.putInt(at + HAZARD_EXTENT_OFFSET, book.extents.getOrDefault(h.getKey(), 0));
            at += HAZARD_ENTRY_LENGTH;
        }
        for (final Long id : book.deferred)
        {
            buffer.putLong(at, id);
            at += DEFERRED_ENTRY_LENGTH;
        }
        for (final Map.Entry<Long, Candidate> e : book.candidates.entrySet())
        {
            final Candidate c = e.getValue();
            buffer.putLong(at + CANDIDATE_ID_ENTRY_OFFSET, e.getKey());
            buffer.putInt(at + CANDIDATE_LAT_OFFSET, c.latMicros());
            buffer.putInt(at + CANDIDATE_LON_OFFSET, c.lonMicros());
            buffer.putInt(at + CANDIDATE_RADIUS_OFFSET, c.radiusM());
            buffer.putInt(at + CANDIDATE_CAMERA_OFFSET, c.cameraId());
            buffer.putInt(at + CANDIDATE_ZONE_OFFSET, c.zoneId());
            at += CANDIDATE_ENTRY_LENGTH;
        }
        return at - offset;
    }

    private static int putAlert(final ExpandableArrayBuffer buffer, final int start, final Alert a)
    {
        buffer.putLong(start + ALERT_ID_OFFSET, a.alertId);
        buffer.putLong(start + INCIDENT_ID_OFFSET, a.incidentId);
        buffer.putLong(start + CANDIDATE_ID_OFFSET, a.candidateId);
        buffer.putLong(start + ZONE_KEY_OFFSET, a.zoneKey);
        buffer.putByte(start + HAZARD_OFFSET, (byte)a.hazard.value());
        buffer.putByte(start + STATE_OFFSET, (byte)a.state.value());
        buffer.putByte(start + FLAGS_OFFSET, (byte)((a.pending ? FLAG_PENDING : 0) | (a.operatorGeometry ? FLAG_OPERATOR_GEOMETRY : 0) |
            (null != a.issued ? FLAG_ISSUED : 0)));
        buffer.putInt(start + REVISION_OFFSET, a.revision);
        buffer.putInt(start + ISSUED_REVISION_OFFSET, a.issuedRevision);
        buffer.putLong(start + EXPIRES_AT_OFFSET, a.expiresAtNs);
        buffer.putLong(start + PROPOSED_AT_OFFSET, a.proposedAtNs);
        int at = putArea(buffer, start + ALERT_LENGTH, a.proposed);
        if (null != a.issued)
        {
            at = putArea(buffer, at, a.issued);
        }
        buffer.putInt(at, a.identifiers.size());
        at += Integer.BYTES;
        for (int i = 0; i < a.identifiers.size(); i++)
        {
            at += buffer.putStringUtf8(at, a.identifiers.get(i));
            buffer.putLong(at, a.sentNs.get(i));
            at += Long.BYTES;
        }
        return at;
    }

    private static int putArea(final ExpandableArrayBuffer buffer, final int at, final AlertArea area)
    {
        buffer.putInt(at + AREA_LAT_OFFSET, area.latMicros());
        buffer.putInt(at + AREA_LON_OFFSET, area.lonMicros());
        buffer.putInt(at + AREA_INNER_RADIUS_OFFSET, area.innerRadiusM());
        buffer.putInt(at + AREA_RING_OFFSET, area.ringM());
        final int[] polygon = area.polygon();
        buffer.putInt(at + AREA_POLYGON_LENGTH_OFFSET, polygon.length);
        int p = at + AREA_HEADER_LENGTH;
        for (final int v : polygon)
        {
            buffer.putInt(p, v);
            p += Integer.BYTES;
        }
        return p;
    }

    /**
     * Replaces the book's state with a section's (the book is cleared first).
     *
     * @param book   the state.
     * @param buffer holding the section.
     * @param offset where it starts.
     * @param length its length.
     * @throws IllegalArgumentException when it is not a section of this version, or does not add up.
     */
    static void read(final AlertBook book, final DirectBuffer buffer, final int offset, final int length)
    {
        book.clear();
        if (length < HEADER_LENGTH || buffer.getInt(offset + MAGIC_OFFSET) != MAGIC || buffer.getInt(offset + VERSION_OFFSET) != VERSION)
        {
            throw new IllegalArgumentException("not an alert snapshot of version " + VERSION);
        }
        book.nextDeadlineNs = buffer.getLong(offset + NEXT_DEADLINE_OFFSET);
        final int alertCount = buffer.getInt(offset + ALERT_COUNT_OFFSET);
        final int hazardCount = buffer.getInt(offset + HAZARD_COUNT_OFFSET);
        final int deferredCount = buffer.getInt(offset + DEFERRED_COUNT_OFFSET);
        final int candidateCount = buffer.getInt(offset + CANDIDATE_COUNT_OFFSET);
        int at = offset + HEADER_LENGTH;
        for (int i = 0; i < alertCount; i++)
        {
            at = getAlert(book, buffer, at);
        }
        for (int i = 0; i < hazardCount; i++)
        {
            final long id = buffer.getLong(at + HAZARD_INCIDENT_OFFSET);
            book.hazards.put(id, AlertCodes.hazardOf(buffer.getByte(at + HAZARD_VALUE_OFFSET)));
            final int extent = buffer.getInt(at + HAZARD_EXTENT_OFFSET);
            book.extents.put(id, extent);
            at += HAZARD_ENTRY_LENGTH;
        }
        for (int i = 0; i < deferredCount; i++)
        {
            book.deferred.add(buffer.getLong(at));
            at += DEFERRED_ENTRY_LENGTH;
        }
        for (int i = 0; i < candidateCount; i++)
        {
            book.candidates.put(buffer.getLong(at + CANDIDATE_ID_ENTRY_OFFSET), new Candidate(buffer.getInt(at + CANDIDATE_LAT_OFFSET),
                buffer.getInt(at + CANDIDATE_LON_OFFSET), buffer.getInt(at + CANDIDATE_RADIUS_OFFSET),
                buffer.getInt(at + CANDIDATE_CAMERA_OFFSET), buffer.getInt(at + CANDIDATE_ZONE_OFFSET)));
            at += CANDIDATE_ENTRY_LENGTH;
        }
        if (at != offset + length)
        {
            throw new IllegalArgumentException("alert snapshot: " + (offset + length - at) + " bytes left over");
        }
    }

    private static int getAlert(final AlertBook book, final DirectBuffer buffer, final int start)
    {
        final Alert a = new Alert(buffer.getLong(start + ALERT_ID_OFFSET), buffer.getLong(start + INCIDENT_ID_OFFSET),
            buffer.getLong(start + CANDIDATE_ID_OFFSET), buffer.getLong(start + ZONE_KEY_OFFSET));
        a.hazard = AlertCodes.hazardOf(buffer.getByte(start + HAZARD_OFFSET));
        a.state = AlertCodes.stateOf(buffer.getByte(start + STATE_OFFSET));
        final byte flags = buffer.getByte(start + FLAGS_OFFSET);
        a.pending = (flags & FLAG_PENDING) != 0;
        a.operatorGeometry = (flags & FLAG_OPERATOR_GEOMETRY) != 0;
        a.revision = buffer.getInt(start + REVISION_OFFSET);
        a.issuedRevision = buffer.getInt(start + ISSUED_REVISION_OFFSET);
        a.expiresAtNs = buffer.getLong(start + EXPIRES_AT_OFFSET);
        a.proposedAtNs = buffer.getLong(start + PROPOSED_AT_OFFSET);
        int at = start + ALERT_LENGTH;
        a.proposed = getArea(buffer, at);
        at += AREA_HEADER_LENGTH + Integer.BYTES * a.proposed.polygon().length;
        if ((flags & FLAG_ISSUED) != 0)
        {
            a.issued = getArea(buffer, at);
            at += AREA_HEADER_LENGTH + Integer.BYTES * a.issued.polygon().length;
            if (!a.pending && a.issued.equals(a.proposed))
            {
                // one area, as before the snapshot: issuing compares the proposal to what is out by identity
                a.proposed = a.issued;
            }
        }
        final int messages = buffer.getInt(at);
        at += Integer.BYTES;
        for (int m = 0; m < messages; m++)
        {
            a.identifiers.add(buffer.getStringUtf8(at));
            at += Integer.BYTES + buffer.getInt(at);
            a.sentNs.add(buffer.getLong(at));
            at += Long.BYTES;
        }
        book.index(a);
        return at;
    }

    private static AlertArea getArea(final DirectBuffer buffer, final int at)
    {
        final int n = buffer.getInt(at + AREA_POLYGON_LENGTH_OFFSET);
        if (n < 0 || n > 2 * AlertArea.MAX_CORNERS)
        {
            throw new IllegalArgumentException("alert snapshot: bad polygon");
        }
        final int[] polygon = new int[n];
        for (int i = 0; i < n; i++)
        {
            polygon[i] = buffer.getInt(at + AREA_HEADER_LENGTH + Integer.BYTES * i);
        }
        return new AlertArea(buffer.getInt(at + AREA_LAT_OFFSET), buffer.getInt(at + AREA_LON_OFFSET),
            buffer.getInt(at + AREA_INNER_RADIUS_OFFSET), buffer.getInt(at + AREA_RING_OFFSET), polygon);
    }
}
