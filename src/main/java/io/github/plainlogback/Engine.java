package io.github.plainlogback;

import io.github.plainlogback.internal.admission.ReportAdmission;
import io.github.plainlogback.internal.delivery.DeliveryWorker;
import io.github.plainlogback.internal.logback.BreadcrumbTrail;
import io.github.plainlogback.internal.logback.LogbackEventCapture;
import io.github.plainlogback.internal.plain.PlainClient;
import io.github.plainlogback.internal.status.ThrottledStatus;

/**
 * Everything that exists only while the appender is started; replaced as a whole so {@code append}
 * sees one consistent set.
 *
 * @param trail null when breadcrumbs are off
 * @param client null when nothing is sent over HTTP (dry run)
 */
record Engine(
    LogbackEventCapture capture,
    BreadcrumbTrail trail,
    ReportAdmission admission,
    DeliveryWorker worker,
    PlainClient client,
    ThrottledStatus status) {}
