package dev.sessiongrid.sample;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The shop's page: the catalog, the cart, who is signed in, which instance served the
 * request, where the session's copies are, and a live panel of the cluster
 * ({@link ClusterPanelController}). Every change is a form post followed by a redirect,
 * so reloading never repeats it; signing in and out are Spring Security's
 * ({@link ShopSecurity}).
 */
@Controller
class ShopController {

	private final Catalog catalog;

	private final CartStore carts;

	private final ClusterView cluster;

	ShopController(Catalog catalog, CartStore carts, ClusterView cluster) {
		this.catalog = catalog;
		this.carts = carts;
		this.cluster = cluster;
	}

	@GetMapping("/")
	String shop(HttpServletRequest request, Model model) {
		HttpSession session = request.getSession();
		Cart cart = this.carts.cart(session);
		model.addAttribute("products", this.catalog.products());
		model.addAttribute("lines", this.catalog.lines(cart));
		model.addAttribute("itemCount", cart.itemCount());
		model.addAttribute("total", this.catalog.total(cart));
		// signing in is Spring Security's form login (ShopSecurity); its principal is in
		// the session, where Spring Session indexes it by name
		model.addAttribute("user", request.getRemoteUser());
		model.addAttribute("loginError", request.getParameter("login-error") != null);
		model.addAttribute("port", request.getLocalPort());
		List<ClusterView.Member> members = this.cluster.members(session.getId());
		model.addAttribute("node", ClusterView.local(members));
		model.addAttribute("sessionId", session.getId());
		model.addAttribute("members", members);
		return "shop";
	}

	@PostMapping("/cart/add")
	String add(@RequestParam String product, HttpSession session) {
		this.carts.add(session, product);
		return "redirect:/";
	}

	@PostMapping("/cart/remove")
	String remove(@RequestParam String product, HttpSession session) {
		this.carts.remove(session, product);
		return "redirect:/";
	}

}
