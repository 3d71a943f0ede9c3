package dev.sessiongrid.ignite.session;

/**
 * The repository contract on a three-node cluster: written on the first node, read and
 * updated on the third.
 */
class ClusterSessionRepositoryTests extends AbstractSessionRepositoryContractTests {

	@Override
	int nodeCount() {
		return 3;
	}

}
