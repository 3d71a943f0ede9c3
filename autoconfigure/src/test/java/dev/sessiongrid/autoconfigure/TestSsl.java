package dev.sessiongrid.autoconfigure;

/**
 * A test SSL bundle: {@code ssl/node.p12} holds one self-signed key pair (password
 * {@code sessiongrid}, valid for a hundred years), used as every node's key and as the
 * certificate every node trusts.
 */
final class TestSsl {

	private TestSsl() {
	}

	static String[] bundleProperties(String bundle) {
		String prefix = "spring.ssl.bundle.jks." + bundle + ".";
		return new String[] { prefix + "keystore.location=classpath:ssl/node.p12",
				prefix + "keystore.password=sessiongrid", prefix + "keystore.type=PKCS12",
				prefix + "truststore.location=classpath:ssl/node.p12", prefix + "truststore.password=sessiongrid",
				prefix + "truststore.type=PKCS12" };
	}

}
