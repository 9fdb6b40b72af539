package dev.pipeline.boot.annotation;

import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import dev.pipeline.boot.diagnostics.PipelineSetupException;

import org.springframework.core.MethodParameter;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * One annotated method of a handler bean, resolved once at start-up: the kind of each
 * parameter, the payload type it declares, and a method handle bound to the bean, so that
 * nothing is looked up per message.
 */
final class BoundMethod {

	private final Method method;

	private final String description;

	private final List<ArgumentKind> kinds;

	private final ResolvableType payloadType;

	private final MethodHandle handle;

	private BoundMethod(Method method, String description, List<ArgumentKind> kinds, ResolvableType payloadType,
			MethodHandle handle) {
		this.method = method;
		this.description = description;
		this.kinds = kinds;
		this.payloadType = payloadType;
		this.handle = handle;
	}

	/**
	 * Resolves a method.
	 * @param bean the handler bean
	 * @param beanName its name
	 * @param method the method, as declared on the bean's user class
	 * @param annotation the annotation it carries, for messages
	 * @param allowed the parameter kinds the annotation allows
	 * @param expected the signature the annotation expects, for the fix
	 * @return the bound method
	 * @throws PipelineSetupException if a parameter is not allowed or two parameters
	 * declare different payload types
	 */
	static BoundMethod bind(Object bean, String beanName, Method method, Class<? extends Annotation> annotation,
			Predicate<ArgumentKind> allowed, String expected) {
		String description = describe(method);
		List<ArgumentKind> kinds = new ArrayList<>();
		ResolvableType payloadType = ResolvableType.forClass(Object.class);
		boolean declared = false;
		for (int i = 0; i < method.getParameterCount(); i++) {
			ArgumentKind kind = ArgumentKind.of(ResolvableType.forMethodParameter(new MethodParameter(method, i)));
			if (!allowed.test(kind) || kinds.stream().anyMatch((k) -> k.getClass() == kind.getClass())) {
				throw invalid(description, beanName, annotation,
						"parameter " + (i + 1) + " (" + method.getGenericParameterTypes()[i].getTypeName()
								+ ") is not allowed there or repeats the kind of an earlier parameter",
						expected);
			}
			if (kind.payloadType() != ResolvableType.NONE) {
				if (declared && !kind.payloadType().toClass().equals(payloadType.toClass())) {
					throw invalid(description, beanName, annotation,
							"its parameters declare two payload types, " + payloadType + " and " + kind.payloadType(),
							expected);
				}
				payloadType = kind.payloadType();
				declared = true;
			}
			kinds.add(kind);
		}
		Method invocable = ClassUtils.getMostSpecificMethod(method, bean.getClass());
		ReflectionUtils.makeAccessible(invocable);
		try {
			MethodHandle handle = MethodHandles.lookup()
				.unreflect(invocable)
				.bindTo(bean)
				.asSpreader(Object[].class, kinds.size())
				.asType(MethodType.methodType(Object.class, Object[].class));
			return new BoundMethod(method, description, List.copyOf(kinds), payloadType, handle);
		}
		catch (IllegalAccessException ex) {
			throw new PipelineSetupException("Method " + description + " of handler bean '" + beanName
					+ "' cannot be called: " + ex.getMessage() + ".", "Make the method public.", ex);
		}
	}

	static PipelineSetupException invalid(String description, String beanName, Class<? extends Annotation> annotation,
			String why, String expected) {
		return new PipelineSetupException("Method " + description + " of handler bean '" + beanName
				+ "' is not a valid @" + annotation.getSimpleName() + " method: " + why + ".", expected);
	}

	static String describe(Method method) {
		return ClassUtils.getUserClass(method.getDeclaringClass()).getSimpleName() + "." + method.getName() + "("
				+ Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
				+ ")";
	}

	/**
	 * Calls the method.
	 * @param args the arguments, one per parameter
	 * @return what it returned; {@code null} for a void method
	 * @throws Exception what it threw
	 */
	Object invoke(Object[] args) throws Exception {
		try {
			return (Object) this.handle.invokeExact(args);
		}
		catch (Exception | Error ex) {
			throw ex;
		}
		catch (Throwable ex) {
			throw new IllegalStateException(ex);
		}
	}

	List<ArgumentKind> kinds() {
		return this.kinds;
	}

	ResolvableType payloadType() {
		return this.payloadType;
	}

	boolean converts() {
		return this.payloadType.toClass() != Object.class;
	}

	boolean returnsVoid() {
		return this.method.getReturnType() == void.class;
	}

	Class<?> returnType() {
		return this.method.getReturnType();
	}

	String description() {
		return this.description;
	}

}
