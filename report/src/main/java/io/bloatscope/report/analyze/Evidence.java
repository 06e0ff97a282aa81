package io.bloatscope.report.analyze;

import java.util.LinkedHashMap;
import java.util.Map;

/** Evidence keys and values in insertion order; numbers rounded so the JSON stays readable. */
final class Evidence {
    final Map<String, Object> map = new LinkedHashMap<>();

    Evidence bytes(String key, double bytes) {
        map.put(key, Math.round(bytes));
        return this;
    }

    Evidence number(String key, double value) {
        map.put(key, Math.round(value * 1000) / 1000.0);
        return this;
    }

    Evidence count(String key, long value) {
        map.put(key, value);
        return this;
    }

    Evidence text(String key, Object value) {
        map.put(key, value);
        return this;
    }

    Evidence trend(Growth growth) {
        bytes("growthBytesPerMinute", growth.trend.perMinute());
        bytes("growthBytes", growth.growth());
        number("fitR2", growth.trend.r2);
        number("kendallTau", growth.trend.kendallTau);
        number("durationSeconds", growth.windowMillis / 1000.0);
        number("warmUpSeconds", growth.warmUpMillis / 1000.0);
        count("points", growth.window.size);
        number("lateGrowthRatio", growth.trend.slopePerMillis == 0 ? 0
                : growth.late.slopePerMillis / growth.trend.slopePerMillis);
        return this;
    }
}
