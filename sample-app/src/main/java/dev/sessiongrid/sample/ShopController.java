package dev.sessiongrid.sample;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The shop's page: the catalog, the cart, who is signed in, which instance served the
 * request and where the session's copies are. Every change is a form post followed by a
 * redirect, so reloading never repeats it.
 */
@Controller
class ShopController {

	/**
	 * Session attribute Spring Session indexes, so that sessions can be found by user
	 * name.
	 */
	static final String USER_ATTRIBUTE = FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME;

	private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

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
		model.addAttribute("user", session.getAttribute(USER_ATTRIBUTE));
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

	/**
	 * Signs in under any name, without a password: the sample has no Spring Security,
	 * only what a login leaves in the session, the user name under which Actuator's
	 * sessions endpoint finds the user's sessions.
	 */
	@PostMapping("/login")
	String login(@RequestParam String username, HttpServletRequest request, RedirectAttributes redirect) {
		if (!USER_NAME.matcher(username).matches()) {
			redirect.addFlashAttribute("loginError", "Use 1 to 64 letters, digits or . _ @ -");
			return "redirect:/";
		}
		request.getSession().setAttribute(USER_ATTRIBUTE, username);
		// a new id at sign-in, so that an id planted before it (session fixation) is
		// worth nothing after it
		request.changeSessionId();
		return "redirect:/";
	}

	@PostMapping("/logout")
	String logout(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.invalidate();
		}
		return "redirect:/";
	}

}
