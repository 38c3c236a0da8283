package dev.sluice.precheck.objects;

import java.util.List;

/** A primary or unique key, its columns in key order. */
public record UniqueKey(String name, boolean primary, List<String> columns) {
}
