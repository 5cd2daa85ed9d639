package io.gatewise.agent.control.journal;

/**
 * Where each queued record lives, oldest first: a ring of primitive arrays (about 28
 * bytes per event, no object per event), so a full queue of a few hundred thousand
 * events costs a few megabytes of heap and no garbage.
 *
 * <p>Not thread-safe; the journal guards it with its lock. Ids are strictly increasing.
 */
final class RecordIndex {

    private long[] ids = new long[16];
    private long[] offsets = new long[16];
    private long[] appendMillis = new long[16];
    private int[] lengths = new int[16];
    private int head;
    private int size;

    void add(long id, long offset, int length, long millis) {
        if (size == ids.length) {
            grow();
        }
        int slot = slot(size);
        ids[slot] = id;
        offsets[slot] = offset;
        lengths[slot] = length;
        appendMillis[slot] = millis;
        size++;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long id(int position) {
        return ids[slot(position)];
    }

    long offset(int position) {
        return offsets[slot(position)];
    }

    int length(int position) {
        return lengths[slot(position)];
    }

    long appendMillis(int position) {
        return appendMillis[slot(position)];
    }

    long lastId() {
        return id(size - 1);
    }

    void removeFirst() {
        if (size == 0) {
            throw new IllegalStateException("empty");
        }
        head = (head + 1) & (ids.length - 1);
        size--;
    }

    /** Position of the first record with an id greater than {@code afterId}, or size(). */
    int firstAfter(long afterId) {
        int low = 0;
        int high = size;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (id(middle) <= afterId) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private int slot(int position) {
        return (head + position) & (ids.length - 1);
    }

    private void grow() {
        int oldMask = ids.length - 1;
        int capacity = ids.length * 2;
        long[] newIds = new long[capacity];
        long[] newOffsets = new long[capacity];
        long[] newMillis = new long[capacity];
        int[] newLengths = new int[capacity];
        for (int i = 0; i < size; i++) {
            int old = (head + i) & oldMask;
            newIds[i] = ids[old];
            newOffsets[i] = offsets[old];
            newMillis[i] = appendMillis[old];
            newLengths[i] = lengths[old];
        }
        ids = newIds;
        offsets = newOffsets;
        appendMillis = newMillis;
        lengths = newLengths;
        head = 0;
    }
}
