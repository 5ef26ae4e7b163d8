package org.junction.adapters.files;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.strategy.GenericFileDeleteProcessStrategy;
import org.apache.camel.component.file.strategy.GenericFileExpressionRenamer;

/**
 * What happens to a partner's file after the route has handed it to intake:
 * <ul>
 *   <li>intake returned (the referrals are durable): the file is deleted, so no copy of the
 *       personal data it holds stays behind in the drop location;</li>
 *   <li>intake refused the file as unreadable ({@link UnreadableFileException}): it is moved to
 *       {@code .error} beside it, where it no longer blocks the files after it and an admin can
 *       look at it;</li>
 *   <li>anything else (the hub is over its backlog, the database is down, the partner is being
 *       reconfigured): the file is left where it is and read again on the next poll. Moving it
 *       aside would turn a passing hub problem into work for a person.</li>
 * </ul>
 * Camel's own {@code delete} and {@code moveFailed} options cannot tell these failures apart;
 * hence a strategy of our own. One instance per route: the read lock it holds keeps state.
 */
@SuppressWarnings({"rawtypes", "unchecked"})
class IntakeFileStrategy extends GenericFileDeleteProcessStrategy {

    static final String ERROR_FOLDER = ".error";

    IntakeFileStrategy(CamelContext camel, GenericFileExclusiveReadLockStrategy readLock) {
        setCamelContext(camel);
        setExclusiveReadLockStrategy(readLock);
        var expression = camel.resolveLanguage("simple")
                .createExpression("${file:parent}/" + ERROR_FOLDER + "/${file:onlyname}");
        expression.init(camel);
        setFailureRenamer(new GenericFileExpressionRenamer<>(expression));
    }

    @Override
    public void rollback(GenericFileOperations operations, GenericFileEndpoint endpoint, Exchange exchange,
                         GenericFile file) throws Exception {
        if (UnreadableFileException.isCause(exchange.getException())) {
            super.rollback(operations, endpoint, exchange, file);
            return;
        }
        try {
            operations.releaseRetrievedFileResources(exchange);
        } finally {
            if (exclusiveReadLockStrategy != null) {
                exclusiveReadLockStrategy.releaseExclusiveReadLockOnRollback(operations, file, exchange);
            }
        }
    }
}
