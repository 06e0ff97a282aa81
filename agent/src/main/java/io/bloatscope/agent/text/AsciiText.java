package io.bloatscope.agent.text;

/**
 * A byte buffer read as text, one byte per char (ISO-8859-1), without copying. Kernel files are
 * ASCII except for path names, which parsers only test for presence, so no decoding is needed.
 *
 * <p>The view is live: it shows whatever the buffer holds now, so a caller must finish with it
 * before the owner refills the buffer.
 */
public final class AsciiText implements CharSequence {
    private byte[] bytes;
    private int length;

    public AsciiText(byte[] bytes, int length) {
        set(bytes, length);
    }

    /** Points the view at new contents (the owner's buffer may have been replaced when it grew). */
    public void set(byte[] bytes, int length) {
        if (length < 0 || length > bytes.length) {
            throw new IllegalArgumentException("length " + length + " outside 0.." + bytes.length);
        }
        this.bytes = bytes;
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (bytes[index] & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return new String(bytes, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
