package io.kubemon.common.schema;

import java.util.List;

/**
 * Tables declared outside this module, found with {@link java.util.ServiceLoader} (a
 * {@code META-INF/services/io.kubemon.common.schema.TableProvider} file naming the class): an
 * extension jar on the agent's and the collector's class path adds its tables to {@link
 * Schemas#ALL}, and everything downstream (validation, the CSV files, the report, merge, fetch)
 * takes them like the built-in ones. The built-in tables are declared in {@link Schemas}.
 */
public interface TableProvider {
    List<Table> tables();
}
