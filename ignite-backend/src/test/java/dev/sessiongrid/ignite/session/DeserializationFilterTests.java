package dev.sessiongrid.ignite.session;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;
import org.springframework.util.LinkedMultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The filter attribute reads go through, with Java serialization.
 */
class DeserializationFilterTests {

	private final JdkAttributeSerializer serializer = new JdkAttributeSerializer();

	@Test
	void readsJdkValueTypesAndCollections() {
		Map<String, Object> value = new LinkedHashMap<>();
		value.put("text", "x");
		value.put("number", 42L);
		value.put("decimal", new BigDecimal("1.50"));
		value.put("when", Instant.parse("2026-01-01T00:00:00Z"));
		value.put("day", LocalDate.of(2026, 1, 2));
		value.put("timeout", Duration.ofMinutes(5));
		value.put("id", new UUID(1, 2));
		value.put("locale", Locale.FRANCE);
		value.put("list", new ArrayList<>(List.of("a", "b")));
		value.put("immutable", List.of(1, 2, 3));
		value.put("set", Set.of("s"));
		value.put("sorted", new TreeMap<>(Map.of("k", 1)));
		value.put("unmodifiable", Collections.unmodifiableMap(new HashMap<>(Map.of("u", 1))));
		value.put("bytes", new byte[] { 1, 2 });
		value.put("strings", new String[] { "a" });

		assertThat(roundTrip(value)).usingRecursiveComparison().isEqualTo(value);
	}

	@Test
	void readsSpringSecurityContext() {
		User user = new User("alice", "", AuthorityUtils.createAuthorityList("ROLE_USER"));
		SecurityContextImpl context = new SecurityContextImpl(
				UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));

		SecurityContextImpl read = (SecurityContextImpl) roundTrip(context);

		assertThat(read.getAuthentication().getName()).isEqualTo("alice");
		assertThat(read.getAuthentication().getAuthorities()).extracting("authority").containsExactly("ROLE_USER");
	}

	@Test
	void readsWhatSpringMvcKeepsForFlashAttributes() {
		// a FlashMap (a HashMap) holds its target request's parameters in one of these
		LinkedMultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		parameters.add("product", "apple");

		assertThat(roundTrip(parameters)).isEqualTo(parameters);
	}

	@Test
	void rejectsAClassOutsideTheListNamingIt() {
		byte[] bytes = this.serializer.serialize("counter", new AtomicLong(7));

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("counter", bytes))
			.withMessageContaining("'counter'")
			.withMessageContaining("class java.util.concurrent.atomic.AtomicLong is not on the allowed classes")
			.withRootCauseInstanceOf(InvalidClassException.class);
	}

	@Test
	void rejectsAClassOutsideTheListInsideAnAllowedCollection() {
		byte[] bytes = this.serializer.serialize("list", new ArrayList<>(List.of("fine", new Value("inner"))));

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("list", bytes))
			.withMessageContaining("class " + Value.class.getName() + " is not on the allowed classes");
	}

	@Test
	void readsAnApplicationPackageOnceAllowed() {
		DeserializationFilter filter = new DeserializationFilter(
				AllowedClasses.defaults().and(List.of("dev.sessiongrid.ignite.session.**")), 32, 1024 * 1024,
				"add it to the list");
		JdkAttributeSerializer allowing = new JdkAttributeSerializer(null, filter);
		byte[] bytes = allowing.serialize("value", new Value("mine"));

		assertThat(allowing.deserialize("value", bytes)).isEqualTo(new Value("mine"));
		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> new JdkAttributeSerializer(null,
					new DeserializationFilter(AllowedClasses.defaults(), 32, 1024 * 1024, "add it to the list"))
				.deserialize("value", bytes))
			.withMessageContaining("(add it to the list)");
	}

	@Test
	void rejectsObjectsNestedDeeperThanTheLimit() {
		JdkAttributeSerializer shallow = new JdkAttributeSerializer(null,
				new DeserializationFilter(AllowedClasses.defaults(), 5, 1024 * 1024, null));
		List<Object> nested = new ArrayList<>();
		List<Object> inner = nested;
		for (int i = 0; i < 10; i++) {
			List<Object> next = new ArrayList<>();
			inner.add(next);
			inner = next;
		}
		byte[] deep = shallow.serialize("deep", nested);
		byte[] flat = shallow.serialize("flat", new ArrayList<>(List.of(new ArrayList<>(List.of("a")))));

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> shallow.deserialize("deep", deep))
			.withMessageContaining("nest deeper than the limit of 5");
		assertThat(shallow.deserialize("flat", flat)).isEqualTo(List.of(List.of("a")));
	}

	@Test
	void rejectsBytesLargerThanTheLimit() {
		JdkAttributeSerializer small = new JdkAttributeSerializer(null,
				new DeserializationFilter(AllowedClasses.defaults(), 32, 1_000, null));
		byte[] large = small.serialize("large", "x".repeat(2_000));

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> small.deserialize("large", large))
			.withMessageContaining("bytes exceed the limit of 1000");
		assertThat(small.deserialize("small", small.serialize("small", "x"))).isEqualTo("x");
	}

	@Test
	void rejectsAnArrayLongerThanTheSizeLimitBeforeAllocatingIt() throws IOException {
		// an ArrayList claiming a huge capacity in a few bytes: the read must not
		// allocate it
		DeserializationFilter filter = new DeserializationFilter(AllowedClasses.defaults(), 32, 1_000, null);
		byte[] bytes = this.serializer.serialize("list", new ArrayList<>(Collections.nCopies(2_000, (Object) null)));
		DeserializationFilter.StreamFilter streamFilter = filter.forStream(null);

		assertThatExceptionOfType(InvalidClassException.class).isThrownBy(() -> read(bytes, streamFilter));
		assertThat(streamFilter.rejection()).contains("an array of 2000 elements exceeds the limit of 1000");
		assertThat(filter.forStream(null).checkInput(arrayInfo(5_000))).isEqualTo(ObjectInputFilter.Status.REJECTED);
		assertThat(filter.forStream(null).checkInput(arrayInfo(500))).isEqualTo(ObjectInputFilter.Status.ALLOWED);
	}

	@Test
	void whatTheJvmWideFilterRejectsStaysRejected() throws IOException {
		ObjectInputFilter jvmWide = ObjectInputFilter.Config.createFilter("!java.time.**");
		DeserializationFilter.StreamFilter streamFilter = DeserializationFilter.defaults().forStream(jvmWide);
		byte[] bytes = this.serializer.serialize("when", Instant.now());

		assertThatExceptionOfType(InvalidClassException.class).isThrownBy(() -> read(bytes, streamFilter));
		assertThat(streamFilter.rejection()).contains("rejected by the JVM-wide filter (jdk.serialFilter)");
		assertThat(DeserializationFilter.defaults().forStream(jvmWide).checkInput(classInfo(String.class)))
			.isEqualTo(ObjectInputFilter.Status.ALLOWED);
	}

	@Test
	void allowedClassesUnderstandPackagesNestedClassesAndArrays() {
		AllowedClasses allowed = AllowedClasses.none()
			.and(List.of("com.example.Cart", "com.example.one.*", "com.example.tree.**", "com.example.Outer$*"));

		assertThat(allowed.allows("com.example.Cart")).isTrue();
		assertThat(allowed.allows("com.example.Cart2")).isFalse();
		assertThat(allowed.allows("com.example.one.Item")).isTrue();
		assertThat(allowed.allows("com.example.one.sub.Item")).isFalse();
		assertThat(allowed.allows("com.example.tree.Item")).isTrue();
		assertThat(allowed.allows("com.example.tree.sub.Item")).isTrue();
		assertThat(allowed.allows("com.example.treehouse.Item")).isFalse();
		assertThat(allowed.allows("com.example.Outer$Inner")).isTrue();
		assertThat(allowed.allows("com.example.Outer")).isFalse();
		// an array instantiates none of its component type: its elements are checked
		assertThat(allowed.allows(int[][].class)).isTrue();
		assertThat(allowed.allows(Value[].class)).isTrue();
		assertThat(allowed.allows(Value.class)).isFalse();
	}

	@Test
	void allowedClassesRefuseAnEntryThatIsNeitherClassNorPattern() {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> AllowedClasses.none().and(List.of("com.example.*.Cart")))
			.withMessageContaining("'com.example.*.Cart'");
		assertThat(AllowedClasses.isValidEntry("com.example.**")).isTrue();
		assertThat(AllowedClasses.isValidEntry("com example")).isFalse();
		assertThat(AllowedClasses.isValidEntry("*")).isFalse();
	}

	private Object roundTrip(Object value) {
		return this.serializer.deserialize("value", this.serializer.serialize("value", value));
	}

	private static Object read(byte[] bytes, ObjectInputFilter filter) throws IOException {
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
			in.setObjectInputFilter(filter);
			return in.readObject();
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ObjectInputFilter.FilterInfo arrayInfo(long length) {
		return info(Object[].class, length);
	}

	private static ObjectInputFilter.FilterInfo classInfo(Class<?> type) {
		return info(type, -1);
	}

	private static ObjectInputFilter.FilterInfo info(Class<?> type, long arrayLength) {
		return new ObjectInputFilter.FilterInfo() {

			@Override
			public Class<?> serialClass() {
				return type;
			}

			@Override
			public long arrayLength() {
				return arrayLength;
			}

			@Override
			public long depth() {
				return 1;
			}

			@Override
			public long references() {
				return 1;
			}

			@Override
			public long streamBytes() {
				return 10;
			}

		};
	}

	record Value(String text) implements Serializable {
	}

}
