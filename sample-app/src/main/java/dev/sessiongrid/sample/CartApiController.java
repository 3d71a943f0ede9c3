package dev.sessiongrid.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cart as JSON, for curl and scripts: the same session and cart as the page.
 */
@RestController
@RequestMapping("/api/cart")
class CartApiController {

	private final Catalog catalog;

	private final CartStore carts;

	private final ClusterView cluster;

	CartApiController(Catalog catalog, CartStore carts, ClusterView cluster) {
		this.catalog = catalog;
		this.carts = carts;
		this.cluster = cluster;
	}

	@GetMapping
	Map<String, Object> cart(HttpServletRequest request) {
		HttpSession session = request.getSession();
		Cart cart = this.carts.cart(session);
		Map<String, Object> body = new LinkedHashMap<>();
		Map<String, Object> servedBy = new LinkedHashMap<>();
		servedBy.put("port", request.getLocalPort());
		List<ClusterView.Member> members = this.cluster.members(session.getId());
		ClusterView.Member node = ClusterView.local(members);
		servedBy.put("node", (node != null) ? node.name() : null);
		body.put("servedBy", servedBy);
		body.put("user", request.getRemoteUser());
		body.put("items", this.catalog.lines(cart).stream().map(Catalog.Line::toMap).toList());
		body.put("total", this.catalog.total(cart));
		body.put("copies", copies(members));
		return body;
	}

	/** Which instances hold the session's primary and backup copies, by node name. */
	private static Map<String, Object> copies(List<ClusterView.Member> members) {
		Map<String, Object> copies = new LinkedHashMap<>();
		copies.put("primary",
				members.stream()
					.filter((member) -> member.role() == ClusterView.Role.PRIMARY)
					.map(ClusterView.Member::name)
					.findFirst()
					.orElse(null));
		copies.put("backups",
				members.stream()
					.filter((member) -> member.role() == ClusterView.Role.BACKUP)
					.map(ClusterView.Member::name)
					.toList());
		return copies;
	}

	@PostMapping("/items")
	Map<String, Object> add(@RequestParam String product, HttpServletRequest request) {
		this.carts.add(request.getSession(), product);
		return cart(request);
	}

	@DeleteMapping("/items/{product}")
	Map<String, Object> remove(@PathVariable String product, HttpServletRequest request) {
		this.carts.remove(request.getSession(), product);
		return cart(request);
	}

}
