package io.llmgateway.bench;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line of the run (the gateway's request-log line included, at the level it is
 * configured with) to a file, so that the console shows only the suite's progress. Through an
 * AsyncAppender that never blocks, as the services' {@code logback.xml} has it: logging is measured
 * as deployed.
 */
final class LogSetup {

    private LogSetup() {}

    static void toFile(Path file, boolean quietGateway) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("bench-file");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("bench-async");
        async.setQueueSize(8192);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(appender);
        async.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(async);
        if (quietGateway) {
            context.getLogger("io.llmgateway").setLevel(Level.WARN);
            context.getLogger("llm.request.log").setLevel(Level.WARN);
        }
        context.getLogger("io.llmgateway.bench").setLevel(Level.INFO);
    }
}
