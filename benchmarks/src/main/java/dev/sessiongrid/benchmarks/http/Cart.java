package dev.sessiongrid.benchmarks.http;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The session attribute of the workload: a cart of {@value #ITEMS} items of about 100
 * bytes each, about 2 KB serialized. Adding an item drops the oldest, so that the session
 * stays the same size however long a run lasts and later rounds measure the same work as
 * earlier ones.
 */
public class Cart implements Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	static final int ITEMS = 20;

	private final ArrayList<String> items = new ArrayList<>(ITEMS + 1);

	private long added;

	Cart() {
		for (int i = 0; i < ITEMS; i++) {
			add();
		}
	}

	void add() {
		if (this.items.size() == ITEMS) {
			this.items.remove(0);
		}
		this.added++;
		this.items.add(String.format("item-%08d-", this.added) + "x".repeat(86));
	}

	List<String> items() {
		return this.items;
	}

	long added() {
		return this.added;
	}

}
