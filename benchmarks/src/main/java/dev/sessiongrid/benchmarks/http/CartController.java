package dev.sessiongrid.benchmarks.http;

import jakarta.servlet.http.HttpSession;
import org.apache.ignite.Ignite;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The workload's two requests: read the cart ({@code GET /cart}, 80% of the load
 * generator's requests) and add an item ({@code POST /cart}, 20%). Answers are a few
 * bytes of plain text, so that the store, not response rendering, is what the requests
 * cost beyond the servlet stack every store shares.
 */
@RestController
class CartController {

	static final String CART = "cart";

	private final ObjectProvider<Ignite> ignite;

	private final ApplicationAvailability availability;

	CartController(ObjectProvider<Ignite> ignite, ApplicationAvailability availability) {
		this.ignite = ignite;
		this.availability = availability;
	}

	@GetMapping("/cart")
	String read(HttpSession session) {
		Cart cart = cart(session);
		return cart.items().size() + " " + cart.added();
	}

	@PostMapping("/cart")
	String add(HttpSession session) {
		Cart cart = cart(session);
		cart.add();
		// set again: a changed object is only saved when it is set (Spring Session's
		// default save mode)
		session.setAttribute(CART, cart);
		return cart.items().size() + " " + cart.added();
	}

	private static Cart cart(HttpSession session) {
		Cart cart = (Cart) session.getAttribute(CART);
		if (cart == null) {
			cart = new Cart();
			session.setAttribute(CART, cart);
		}
		return cart;
	}

	/**
	 * Readiness for run.sh, without a session: "up" once Boot's readiness accepts traffic
	 * (as a load balancer following the readiness probe would wait for it, the same rule
	 * for every store), and for Sessiongrid the number of nodes this node sees, so that a
	 * farm is loaded only once all of its nodes have joined.
	 */
	@GetMapping("/ping")
	String ping() {
		if (this.availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
			return "starting";
		}
		Ignite node = this.ignite.getIfAvailable();
		return (node != null) ? "up nodes=" + node.cluster().nodes().size() : "up";
	}

}
