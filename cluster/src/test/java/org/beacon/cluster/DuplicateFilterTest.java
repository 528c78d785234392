package org.beacon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class DuplicateFilterTest
{
    @Test
    void aRepeatAnswersWithTheFirstSequenceAndOtherSourcesAreApart()
    {
        final DuplicateFilter filter = new DuplicateFilter();
        assertThat(filter.appliedAt(7, 100)).isEqualTo(DuplicateFilter.NOT_APPLIED);
        filter.applied(7, 100, 11);
        filter.applied(7, 101, 12);
        assertThat(filter.appliedAt(7, 100)).isEqualTo(11);
        assertThat(filter.appliedAt(7, 101)).isEqualTo(12);
        assertThat(filter.appliedAt(8, 100)).isEqualTo(DuplicateFilter.NOT_APPLIED);
        assertThat(filter.appliedAt(7, 102)).isEqualTo(DuplicateFilter.NOT_APPLIED);
    }

    @Test
    void anIdSkippedThenOfferedLateIsNotADuplicate()
    {
        final DuplicateFilter filter = new DuplicateFilter();
        filter.applied(3, 10, 1);
        filter.applied(3, 13, 2);
        // 11 and 12 were offered to the old leader and lost; offered again after 13 they are still new
        assertThat(filter.appliedAt(3, 11)).isEqualTo(DuplicateFilter.NOT_APPLIED);
        filter.applied(3, 11, 3);
        assertThat(filter.appliedAt(3, 11)).isEqualTo(3);
        assertThat(filter.appliedAt(3, 12)).isEqualTo(DuplicateFilter.NOT_APPLIED);
    }

    @Test
    void idsBelowTheWindowCountAsAppliedAndTheWindowSlotIsReused()
    {
        final DuplicateFilter filter = new DuplicateFilter();
        filter.applied(1, 5, 50);
        filter.applied(1, 5 + DuplicateFilter.WINDOW, 60);
        assertThat(filter.appliedAt(1, 5)).isEqualTo(DuplicateFilter.FORGOTTEN);
        assertThat(filter.appliedAt(1, 5 + DuplicateFilter.WINDOW)).isEqualTo(60);
        assertThat(filter.appliedAt(1, 6)).isEqualTo(DuplicateFilter.NOT_APPLIED);
    }

    @Test
    void theSnapshotRestoresTheSameAnswersAndIsTheSameBytesWhateverTheInsertionOrder()
    {
        final DuplicateFilter a = new DuplicateFilter();
        a.applied(9, 1, 1);
        a.applied(2, 40, 2);
        a.applied(9, 3, 3);
        final DuplicateFilter b = new DuplicateFilter();
        b.applied(2, 40, 2);
        b.applied(9, 1, 1);
        b.applied(9, 3, 3);
        final ExpandableArrayBuffer bytesA = new ExpandableArrayBuffer();
        final ExpandableArrayBuffer bytesB = new ExpandableArrayBuffer();
        final int length = a.snapshot(bytesA, 0);
        assertThat(b.snapshot(bytesB, 0)).isEqualTo(length);
        assertThat(bytesA.compareTo(bytesB)).isZero();

        final DuplicateFilter restored = new DuplicateFilter();
        assertThat(restored.restore(bytesA, 0, length)).isEqualTo(length);
        assertThat(restored.appliedAt(9, 3)).isEqualTo(3);
        assertThat(restored.appliedAt(2, 40)).isEqualTo(2);
        assertThat(restored.appliedAt(9, 2)).isEqualTo(DuplicateFilter.NOT_APPLIED);
        assertThatThrownBy(() -> restored.restore(bytesA, 0, length - 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
