package dev.sessiongrid.ignite.session;

import java.io.InvalidClassException;
import java.io.Serializable;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.User;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Attributes as JSON: what round-trips, what is refused, and why a redeploy does not
 * matter.
 */
class JsonAttributeSerializerTests {

	private static final String THIS_PACKAGE = "dev.sessiongrid.ignite.session.*";

	private final JsonAttributeSerializer serializer = serializer(AllowedClasses.defaults().and(List.of(THIS_PACKAGE)));

	@Test
	void securityContextWithAUsernamePasswordTokenRoundTrips() {
		User user = new User("alice", "", AuthorityUtils.createAuthorityList("ROLE_USER", "ROLE_ADMIN"));
		UsernamePasswordAuthenticationToken token = UsernamePasswordAuthenticationToken.authenticated(user, null,
				user.getAuthorities());
		SecurityContext context = new SecurityContextImpl(token);

		byte[] json = this.serializer.serialize("SPRING_SECURITY_CONTEXT", context);
		Object read = this.serializer.deserialize("SPRING_SECURITY_CONTEXT", json);

		assertThat(new String(json, StandardCharsets.UTF_8))
			.startsWith("{\"@class\":\"" + SecurityContextImpl.class.getName() + "\"");
		assertThat(read).isInstanceOf(SecurityContextImpl.class);
		Authentication authentication = ((SecurityContext) read).getAuthentication();
		assertThat(authentication).isInstanceOf(UsernamePasswordAuthenticationToken.class);
		assertThat(authentication.isAuthenticated()).isTrue();
		assertThat(authentication.getName()).isEqualTo("alice");
		assertThat(authentication.getPrincipal()).isEqualTo(user);
		assertThat(authentication.getAuthorities()).extracting("authority").containsExactly("ROLE_ADMIN", "ROLE_USER");
	}

	@Test
	void jdkValuesRoundTripWithTheirTypes() {
		assertThat(roundTrip(42L)).isEqualTo(42L);
		assertThat(roundTrip("text")).isEqualTo("text");
		assertThat(roundTrip(Instant.parse("2026-01-01T00:00:00Z"))).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(roundTrip(new ArrayList<>(List.of("a", "b")))).isEqualTo(List.of("a", "b"));
		Map<String, Object> map = new LinkedHashMap<>(Map.of("n", "x"));
		assertThat(roundTrip(map)).isEqualTo(map);
	}

	@Test
	void userClassInAnAllowedPackageRoundTrips() {
		Address address = new Address();
		address.setStreet("1 Main Street");
		address.setTags(new ArrayList<>(List.of("home")));

		assertThat(roundTrip(address)).usingRecursiveComparison().isEqualTo(address);
	}

	@Test
	void classOutsideTheListIsRefusedNamingIt() {
		Address address = new Address();
		address.setStreet("x");
		byte[] json = this.serializer.serialize("address", address);

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> serializer(AllowedClasses.defaults()).deserialize("address", json))
			.withMessageContaining("'address'")
			.withMessageContaining("class " + Address.class.getName() + " is not on the allowed classes");
	}

	@Test
	void typeInformationInsideAValueIsRefusedForAClassOutsideTheList() {
		// an allowed container whose content names another class: the type validator
		// refuses it
		HashMap<String, Object> map = new HashMap<>();
		map.put("authority", new SimpleGrantedAuthority("ROLE_USER"));
		map.put("address", new Address());
		byte[] json = this.serializer.serialize("map", map);

		assertThat(new String(json, StandardCharsets.UTF_8)).contains("\"@class\":\"" + Address.class.getName());
		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> serializer(AllowedClasses.defaults()).deserialize("map", json))
			.withMessageContaining("'map'")
			.withMessageContaining("class " + Address.class.getName() + " is not on the allowed classes");
	}

	@Test
	void aClassNameIsRefusedBeforeTheClassIsLoaded() {
		// no such class exists: refused by name, not reported as missing
		byte[] json = "{\"@class\":\"com.example.gadget.Gadget\",\"command\":\"rm\"}".getBytes(StandardCharsets.UTF_8);

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("gadget", json))
			.withMessageContaining("class com.example.gadget.Gadget is not on the allowed classes");
	}

	@Test
	void jsonWithoutTypeInformationIsUnreadable() {
		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("old", "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("'old'")
			.withMessageContaining("could not be read from JSON");
	}

	@Test
	void javaSerializedBytesAreUnreadable() {
		byte[] java = new JdkAttributeSerializer().serialize("old", "text");

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("old", java))
			.withMessageContaining("could not be read from JSON");
	}

	@Test
	void depthAndSizeLimitsApply() {
		JsonAttributeSerializer limited = new JsonAttributeSerializer(null,
				new DeserializationFilter(AllowedClasses.defaults(), 3, 200, null));
		// each list is two levels of JSON: its type and its elements
		List<Object> deep = new ArrayList<>();
		List<Object> inner = deep;
		for (int i = 0; i < 4; i++) {
			List<Object> next = new ArrayList<>();
			inner.add(next);
			inner = next;
		}

		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> limited.deserialize("deep", limited.serialize("deep", deep)))
			.withMessageContaining("'deep'");
		assertThatExceptionOfType(SessionAttributeSerializationException.class)
			.isThrownBy(() -> limited.deserialize("large", limited.serialize("large", "x".repeat(300))))
			.withMessageContaining("exceed the limit of 200");
		List<Object> threeDeep = new ArrayList<>(List.of(new ArrayList<>(List.of(new ArrayList<>(List.of("x"))))));
		assertThat(limited.deserialize("fits", limited.serialize("fits", threeDeep))).isEqualTo(threeDeep);
	}

	@Test
	void aRedeployThatChangesTheSerialVersionUidKeepsJsonSessionsReadable(@TempDir Path dir) throws Exception {
		// the same class, compiled twice with different serialVersionUIDs (and one field
		// more), each in a class loader of its own: the application before and after a
		// redeploy
		String source = """
				package sgredeploy;
				public class Cart implements java.io.Serializable {
					private static final long serialVersionUID = %dL;
					private java.util.List<String> items = new java.util.ArrayList<>();
					%s
					public java.util.List<String> getItems() { return items; }
					public void setItems(java.util.List<String> items) { this.items = items; }
				}
				""";
		try (URLClassLoader before = compile(dir.resolve("v1"), source.formatted(1, ""));
				URLClassLoader after = compile(dir.resolve("v2"),
						source.formatted(2, "private String note = \"new\"; public String getNote() { return note; } "
								+ "public void setNote(String note) { this.note = note; }"))) {
			Object cart = before.loadClass("sgredeploy.Cart").getConstructor().newInstance();
			cart.getClass().getMethod("setItems", List.class).invoke(cart, new ArrayList<>(List.of("apple")));
			AllowedClasses allowed = AllowedClasses.defaults().and(List.of("sgredeploy.*"));

			byte[] json = serializer(before, allowed).serialize("cart", cart);
			Object read = serializer(after, allowed).deserialize("cart", json);

			assertThat(read.getClass().getClassLoader()).isSameAs(after);
			assertThat(read.getClass().getMethod("getItems").invoke(read)).isEqualTo(List.of("apple"));
			assertThat(read.getClass().getMethod("getNote").invoke(read)).isEqualTo("new");
			// what the same redeploy does to Java serialization
			DeserializationFilter filter = new DeserializationFilter(allowed, 32, 1024 * 1024, null);
			byte[] java = new JdkAttributeSerializer(before, filter).serialize("cart", cart);
			assertThatExceptionOfType(SessionAttributeSerializationException.class)
				.isThrownBy(() -> new JdkAttributeSerializer(after, filter).deserialize("cart", java))
				.withRootCauseInstanceOf(InvalidClassException.class)
				.withMessageContaining("serialVersionUID");
		}
	}

	private Object roundTrip(Object value) {
		return this.serializer.deserialize("value", this.serializer.serialize("value", value));
	}

	private static JsonAttributeSerializer serializer(AllowedClasses allowed) {
		return serializer(null, allowed);
	}

	private static JsonAttributeSerializer serializer(ClassLoader classLoader, AllowedClasses allowed) {
		return new JsonAttributeSerializer(classLoader, new DeserializationFilter(allowed, 32, 1024 * 1024, null));
	}

	private static URLClassLoader compile(Path dir, String source) throws Exception {
		Path file = dir.resolve("sgredeploy/Cart.java");
		Files.createDirectories(file.getParent());
		Files.writeString(file, source);
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		assertThat(compiler.run(null, null, null, "-d", dir.toString(), file.toString())).isZero();
		return new URLClassLoader(new URL[] { dir.toUri().toURL() },
				JsonAttributeSerializerTests.class.getClassLoader());
	}

	/**
	 * A user class, as an application keeps in its session.
	 */
	public static class Address implements Serializable {

		private String street = "";

		private List<String> tags = new ArrayList<>();

		public String getStreet() {
			return this.street;
		}

		public void setStreet(String street) {
			this.street = street;
		}

		public List<String> getTags() {
			return this.tags;
		}

		public void setTags(List<String> tags) {
			this.tags = tags;
		}

	}

}
