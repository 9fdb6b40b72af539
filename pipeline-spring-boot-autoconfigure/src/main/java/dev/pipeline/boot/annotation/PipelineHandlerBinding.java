package dev.pipeline.boot.annotation;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.pipeline.boot.diagnostics.PipelineSetupException;
import dev.pipeline.core.Message;
import dev.pipeline.core.PipelineSpec;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodIntrospector;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * The methods of one {@link PipelineHandler} bean, found, checked and bound once at
 * start-up, ready to be set on the pipeline's spec. A bad signature, two methods for one
 * role or two {@code @OnBatch} methods for one batcher throw a
 * {@link PipelineSetupException} that names the method and the fix.
 *
 * @since 0.1.0
 */
public final class PipelineHandlerBinding {

	private static final String MESSAGE_FORM = "Declare at most one payload parameter (T), one Message<T> and one "
			+ "Map<String, Object> for the metadata; return a Message<T>, a new payload, or void.";

	private static final String BATCH_FORM = "Declare a List<Message<T>> or a List<T> parameter, optionally a "
			+ "BatchInfo; return List<Message<T>> or void.";

	private static final String LIST_FORM = "Declare one List<Message<T>> parameter; return List<Message<T>>%s.";

	private final String pipeline;

	private final String beanName;

	private final @Nullable BoundMethod onMessage;

	private final @Nullable BoundMethod prepare;

	private final @Nullable BoundMethod onFailure;

	private final @Nullable BoundMethod partitionKey;

	private final Map<String, BoundMethod> onBatch;

	private final PayloadConverter converter;

	private PipelineHandlerBinding(String pipeline, String beanName, Map<Class<?>, BoundMethod> single,
			Map<String, BoundMethod> onBatch, PayloadConverter converter) {
		this.pipeline = pipeline;
		this.beanName = beanName;
		this.onMessage = single.get(OnMessage.class);
		this.prepare = single.get(PrepareMessages.class);
		this.onFailure = single.get(OnFailure.class);
		this.partitionKey = single.get(PartitionKey.class);
		this.onBatch = Collections.unmodifiableMap(onBatch);
		this.converter = converter;
	}

	/**
	 * Returns the pipeline a bean handles.
	 * @param beanType the bean's type
	 * @return the name in its {@link PipelineHandler}, or {@code null} when it has none
	 */
	public static @Nullable String pipelineOf(Class<?> beanType) {
		PipelineHandler handler = AnnotatedElementUtils.findMergedAnnotation(ClassUtils.getUserClass(beanType),
				PipelineHandler.class);
		return (handler != null) ? handler.value() : null;
	}

	/**
	 * Finds and binds the handler methods of a bean.
	 * @param pipeline the pipeline it handles
	 * @param beanName the bean's name
	 * @param bean the bean
	 * @param converter converts payloads to the declared types
	 * @return the binding
	 * @throws PipelineSetupException if a method cannot be bound
	 */
	public static PipelineHandlerBinding bind(String pipeline, String beanName, Object bean,
			PayloadConverter converter) {
		Class<?> type = ClassUtils.getUserClass(bean.getClass());
		Map<Class<?>, BoundMethod> single = new LinkedHashMap<>();
		Map<String, BoundMethod> batches = new LinkedHashMap<>();
		single(bean, beanName, type, OnMessage.class, ArgumentKind::isMessageArgument, MESSAGE_FORM, single);
		single(bean, beanName, type, PartitionKey.class, ArgumentKind::isMessageArgument,
				"Declare the payload (T), a Message<T> and/or the metadata map; return the key.", single);
		single(bean, beanName, type, PrepareMessages.class, ArgumentKind.MessageList.class::isInstance,
				String.format(LIST_FORM, ""), single);
		single(bean, beanName, type, OnFailure.class, ArgumentKind.MessageList.class::isInstance,
				String.format(LIST_FORM, " or void"), single);
		check(single.get(PartitionKey.class), beanName, PartitionKey.class, (m) -> !m.returnsVoid(), "it returns void",
				"Return the partition key.");
		check(single.get(PrepareMessages.class), beanName, PrepareMessages.class,
				(m) -> m.returnType() == List.class && m.kinds().size() == 1, "it must take and return a list",
				String.format(LIST_FORM, ""));
		check(single.get(OnFailure.class), beanName, OnFailure.class,
				(m) -> (m.returnsVoid() || m.returnType() == List.class) && m.kinds().size() == 1,
				"it must take a list and return a list or void", String.format(LIST_FORM, " or void"));
		Map<Method, OnBatch> batchMethods = MethodIntrospector.selectMethods(type,
				(MethodIntrospector.MetadataLookup<OnBatch>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, OnBatch.class));
		for (Map.Entry<Method, OnBatch> entry : batchMethods.entrySet()) {
			BoundMethod method = BoundMethod.bind(
					bean, beanName, entry.getKey(), OnBatch.class, (kind) -> kind instanceof ArgumentKind.MessageList
							|| kind instanceof ArgumentKind.PayloadList || kind instanceof ArgumentKind.Info,
					BATCH_FORM);
			check(method, beanName, OnBatch.class, (m) -> (m.returnsVoid() || m.returnType() == List.class) && m.kinds()
				.stream()
				.anyMatch((k) -> k instanceof ArgumentKind.MessageList || k instanceof ArgumentKind.PayloadList),
					"it must take the batch as a list and return a list or void", BATCH_FORM);
			BoundMethod previous = batches.put(entry.getValue().value(), method);
			if (previous != null) {
				throw new PipelineSetupException(
						"Handler bean '" + beanName + "' has two @OnBatch(\"" + entry.getValue().value()
								+ "\") methods, " + previous.description() + " and " + method.description() + ".",
						"Keep one @OnBatch method per batcher.");
			}
		}
		return new PipelineHandlerBinding(pipeline, beanName, single, batches, converter);
	}

	private static void single(Object bean, String beanName, Class<?> type, Class<? extends Annotation> annotation,
			Predicate<ArgumentKind> allowed, String expected, Map<Class<?>, BoundMethod> into) {
		Set<Method> methods = MethodIntrospector.selectMethods(type,
				(ReflectionUtils.MethodFilter) (method) -> AnnotatedElementUtils.hasAnnotation(method, annotation));
		List<String> found = new ArrayList<>();
		for (Method method : methods) {
			found.add(BoundMethod.describe(method));
		}
		if (found.size() > 1) {
			Collections.sort(found);
			throw new PipelineSetupException(
					"Handler bean '" + beanName + "' has " + found.size() + " @" + annotation.getSimpleName()
							+ " methods: " + String.join(", ", found) + ".",
					"Keep one @" + annotation.getSimpleName() + " method in the bean.");
		}
		for (Method method : methods) {
			into.put(annotation, BoundMethod.bind(bean, beanName, method, annotation, allowed, expected));
		}
	}

	private static void check(@Nullable BoundMethod method, String beanName, Class<? extends Annotation> annotation,
			Predicate<BoundMethod> rule, String why, String expected) {
		if (method != null && !rule.test(method)) {
			throw BoundMethod.invalid(method.description(), beanName, annotation, why, expected);
		}
	}

	/**
	 * @return the pipeline this bean handles
	 */
	public String pipeline() {
		return this.pipeline;
	}

	/**
	 * @return the bean's name
	 */
	public String beanName() {
		return this.beanName;
	}

	/**
	 * @return the batchers it has {@code @OnBatch} methods for, with a description of
	 * each method
	 */
	public Map<String, String> batchers() {
		Map<String, String> names = new LinkedHashMap<>();
		this.onBatch.forEach((name, method) -> names.put(name, method.description()));
		return names;
	}

	/**
	 * @return the payload type its {@code @OnMessage} method declares, {@code Object}
	 * when it declares none
	 */
	public ResolvableType payloadType() {
		return (this.onMessage != null) ? this.onMessage.payloadType() : ResolvableType.forClass(Object.class);
	}

	/**
	 * @return a description of its {@code @OnMessage} method, or {@code null}
	 */
	public @Nullable String onMessageMethod() {
		return (this.onMessage != null) ? this.onMessage.description() : null;
	}

	/**
	 * @return a description of its {@code @PartitionKey} method, or {@code null}
	 */
	public @Nullable String partitionKeyMethod() {
		return (this.partitionKey != null) ? this.partitionKey.description() : null;
	}

	/**
	 * @return the partition function of its {@code @PartitionKey} method, or {@code null}
	 */
	public @Nullable Function<Message<Object>, @Nullable Object> partitionKey() {
		return (this.partitionKey != null) ? new PartitionKeyAdapter(arguments(this.partitionKey)) : null;
	}

	/**
	 * Sets the handlers on a spec: the message handler, the preparer, the failure
	 * handler, and the batch handler of each batcher it has a method for.
	 * @param builder the pipeline's spec builder
	 */
	public void applyTo(PipelineSpec.Builder<Object> builder) {
		if (this.onMessage != null) {
			builder.onMessage(new OnMessageAdapter(arguments(this.onMessage)));
		}
		if (this.prepare != null) {
			builder.prepareMessages(new PrepareMessagesAdapter(arguments(this.prepare)));
		}
		if (this.onFailure != null) {
			builder.onFailure(new OnFailureAdapter(arguments(this.onFailure)));
		}
		this.onBatch.forEach((name, method) -> builder.batcher(name,
				(batcher) -> batcher.handler(new OnBatchAdapter(arguments(method)))));
	}

	private MessageArguments arguments(BoundMethod method) {
		return new MessageArguments(method, this.converter);
	}

	@Override
	public String toString() {
		return "PipelineHandlerBinding[" + this.pipeline + ", bean " + this.beanName + "]";
	}

}
