package dev.jupyship.notebook;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.UTF8StreamJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Jackson's factory, whose parsers of a UTF-8 byte array skip an unread string eight bytes at a
 * time. A notebook read without its outputs skips them, and they are mostly long strings (base64
 * images, text): Jackson looks at each of their bytes in turn, which was a third of the warm
 * export's time.
 *
 * <p>Only bytes Jackson would pass over without a word are skipped here: printable ASCII and
 * the escapes {@code \n \" \\ \/ \t \r \b \f} and &#92;u with four hex digits. At the first other
 * byte (non-ASCII, a control character, a malformed escape, the last bytes of the input) Jackson's
 * own {@code _skipString} takes over from that byte, so whatever it accepts, rejects or reports,
 * and where, is its own. It is built on
 * Jackson's protected parser API ({@code _createParser}, {@code _skipString} and the input fields),
 * which {@code StringSkippingJsonFactoryTest} holds to its behaviour.
 */
final class StringSkippingJsonFactory extends JsonFactory {

    StringSkippingJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
    }

    /**
     * A text starting with '{' and a non-zero byte is UTF-8 without a byte-order mark (as Jackson's
     * own detection finds for it); anything else goes Jackson's way.
     */
    @Override
    protected JsonParser _createParser(byte[] data, int offset, int len, IOContext context) throws IOException {
        if (len < 2 || data[offset] != '{' || data[offset + 1] == 0 || !isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)) {
            return super._createParser(data, offset, len, context);
        }
        _streamReadConstraints.validateDocumentLength(len); // as Jackson's own does first
        context.setEncoding(JsonEncoding.UTF8);
        return new Parser(context, _parserFeatures, _objectCodec, _byteSymbolCanonicalizer.makeChild(_factoryFeatures), data, offset, offset + len);
    }

    static final class Parser extends UTF8StreamJsonParser {
        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
        private static final long ONES = 0x0101010101010101L;
        private static final long HIGHS = 0x8080808080808080L;
        private static final long QUOTES = ONES * '"';
        private static final long BACKSLASHES = ONES * '\\';
        private static final long SPACES = ONES * ' ';

        private Parser(IOContext context, int features, ObjectCodec codec, ByteQuadsCanonicalizer names, byte[] data, int start, int end) {
            super(context, features, null, codec, names, data, start, end, 0, false);
        }

        @Override
        protected void _skipString() throws IOException {
            byte[] in = _inputBuffer;
            int end = _inputEnd;
            int i = _inputPtr;
            while (true) {
                while (i + Long.BYTES <= end) {
                    long word = (long) LONGS.get(in, i);
                    long quote = word ^ QUOTES;
                    long backslash = word ^ BACKSLASHES;
                    // a byte that is '"' or '\' (zero after the xor), below ' ', or from 0x80: its high bit is set
                    long stop = (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | (word - SPACES) | word) & HIGHS;
                    if (stop != 0) {
                        // the lowest flagged byte is a true one: borrows only ever flag bytes above it
                        i += Long.numberOfTrailingZeros(stop) >>> 3;
                        break;
                    }
                    i += Long.BYTES;
                }
                if (i < end && in[i] == '"') {
                    _inputPtr = i + 1;
                    _tokenIncomplete = false;
                    return;
                }
                if (i + 1 < end && in[i] == '\\' && isOneLetterEscape(in[i + 1])) {
                    i += 2;
                } else if (i + 6 <= end && in[i] == '\\' && in[i + 1] == 'u' && isHex(in, i + 2)) {
                    i += 6; // tracebacks' colours, and any text saved with ensure_ascii
                } else {
                    // anything else, and the last few bytes of the input: Jackson's, from this byte on
                    _inputPtr = i;
                    super._skipString();
                    return;
                }
            }
        }

        private static boolean isHex(byte[] in, int from) {
            for (int k = from; k < from + 4; k++) {
                if (Character.digit(in[k], 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isOneLetterEscape(byte c) {
            return c == 'n' || c == '"' || c == '\\' || c == '/' || c == 't' || c == 'r' || c == 'b' || c == 'f';
        }
    }
}
