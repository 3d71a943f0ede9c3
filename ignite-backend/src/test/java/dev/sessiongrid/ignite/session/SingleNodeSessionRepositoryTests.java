package dev.sessiongrid.ignite.session;

/**
 * The repository contract on one node.
 */
class SingleNodeSessionRepositoryTests extends AbstractSessionRepositoryContractTests {

	@Override
	int nodeCount() {
		return 1;
	}

}
