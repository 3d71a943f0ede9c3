package dev.sessiongrid.autoconfigure;

import org.apache.ignite.configuration.IgniteConfiguration;

/**
 * Callback that changes the {@link IgniteConfiguration} of the embedded node after the
 * {@code sessiongrid.*} properties are applied and before the node starts, for what the
 * properties cannot express (e.g. an extra data region, Ignite metrics exporters, a
 * different failure handler). Every bean of this type is applied, in
 * {@link org.springframework.core.annotation.Order @Order} /
 * {@link org.springframework.core.Ordered} order.
 * <p>
 * Not applied when the application defines its own {@link org.apache.ignite.Ignite} bean.
 */
@FunctionalInterface
public interface SessiongridIgniteConfigurationCustomizer {

	/**
	 * Customizes the configuration of the node about to start.
	 * @param configuration the configuration, already reflecting the properties
	 */
	void customize(IgniteConfiguration configuration);

}
