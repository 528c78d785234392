package org.beacon.dispatch;

import static org.beacon.dispatch.DispatchPublisher.MAX_UINT32;

import org.beacon.codecs.HospitalChoice;
import org.beacon.codecs.HospitalStatusDecoder;
import org.beacon.core.OutputSink;

/**
 * Hospitals: their status reports (HospitalStatus) and the choice of a hospital for an ambulance that starts
 * transporting (HospitalAssigned).
 */
final class Hospitals
{
    /** Hospitals beyond this many are ignored: hospital choice scans them all. */
    static final int MAX_HOSPITALS = 200;
    /** The GENERAL choice of HospitalCapabilities: what every transport needs today. */
    static final int CAPABILITY_GENERAL = 1 << 5;

    private final DispatchState state;
    private final DispatchRoads roads;
    private final DispatchPublisher publisher;

    Hospitals(final DispatchState state, final DispatchRoads roads, final DispatchPublisher publisher)
    {
        this.state = state;
        this.roads = roads;
        this.publisher = publisher;
    }

    void onHospitalStatus(final HospitalStatusDecoder decoder)
    {
        final long hospitalId = decoder.hospitalId();
        final int latMicros = decoder.position().latMicros();
        final int lonMicros = decoder.position().lonMicros();
        if (hospitalId <= 0 || !Geo.isValid(latMicros, lonMicros))
        {
            return;
        }
        Hospital hospital = state.hospitalById.get(hospitalId);
        if (null == hospital)
        {
            if (state.hospitals.size() >= MAX_HOSPITALS)
            {
                return;
            }
            hospital = new Hospital();
            hospital.id = hospitalId;
            state.hospitalById.put(hospitalId, hospital);
            state.hospitals.add(hospital);
        }
        hospital.latMicros = latMicros;
        hospital.lonMicros = lonMicros;
        hospital.capabilities = decoder.buffer().getByte(
            decoder.offset() + HospitalStatusDecoder.capabilitiesEncodingOffset()) & 0xFF;
        final int beds = decoder.availableBeds();
        hospital.availableBeds = beds == HospitalStatusDecoder.availableBedsNullValue() ? 0 : beds;
        hospital.diverting = decoder.diverting() == 1;
        roads.placeHospital(hospital);
    }

    /**
     * Whether a hospital may take a patient needing the given capabilities.
     */
    static boolean qualifies(final Hospital hospital, final int neededCapabilities)
    {
        return hospital.availableBeds > 0 && !hospital.diverting &&
            (hospital.capabilities & neededCapabilities) == neededCapabilities;
    }

    /**
     * Chooses the qualifying hospital nearest by drive time from the unit and emits HospitalAssigned. With the
     * unit and a hospital on the network the drive time comes from one search rooted at the unit's position and
     * run until every qualifying hospital's edge is settled (bounded by the network; at most {@link #MAX_HOSPITALS}
     * hospitals); the search runs on reversed edges, so it measures the hospital-to-unit time, which equals the
     * unit-to-hospital time on a network of two-way roads. A hospital or unit off the network falls back to the
     * straight line at {@link DispatchConfig#unitSpeedKmh()}. Ties by hospital id.
     */
    void assignHospital(final Unit unit, final int neededCapabilities, final OutputSink outputs)
    {
        final boolean routed = null != roads.graph && unit.edge >= 0;
        if (routed)
        {
            roads.ranker().router().start(unit.edge, unit.offsetCm);
        }
        Hospital best = null;
        long bestEtaMs = Long.MAX_VALUE;
        for (int i = 0, size = state.hospitals.size(); i < size; i++)
        {
            final Hospital hospital = state.hospitals.get(i);
            if (!qualifies(hospital, neededCapabilities))
            {
                continue;
            }
            long etaMs = -1;
            if (routed && hospital.edge >= 0)
            {
                etaMs = roads.settledEtaMs(hospital.edge, hospital.offsetCm);
            }
            if (etaMs < 0)
            {
                etaMs = roads.straightLineMs(unit.latMicros, unit.lonMicros, hospital.latMicros, hospital.lonMicros);
            }
            if (etaMs < bestEtaMs)
            {
                bestEtaMs = etaMs;
                best = hospital;
            }
        }
        publisher.hospitalAssigned(
            unit.committedIncidentId,
            unit.id,
            null == best ? 0 : best.id,
            null == best ? 0 : StrictMath.min((bestEtaMs + 500) / 1000, MAX_UINT32),
            null == best ? HospitalChoice.NONE_WITH_CAPACITY : HospitalChoice.ASSIGNED,
            outputs);
    }
}
