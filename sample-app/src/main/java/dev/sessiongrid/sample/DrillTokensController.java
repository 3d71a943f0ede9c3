package dev.sessiongrid.sample;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpSession;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For the failover drill (scripts/failover-drill.sh) only, off unless
 * {@code sample.drill.enabled=true}: each call appends a unique token to a list in the
 * session and answers with the whole list, so the drill can check at the end that every
 * acknowledged token survived the failures it caused.
 */
@RestController
@RequestMapping("/api/drill/tokens")
@ConditionalOnBooleanProperty("sample.drill.enabled")
class DrillTokensController {

	static final String TOKENS_ATTRIBUTE = "drill-tokens";

	@PostMapping
	Map<String, Object> append(@RequestParam String token, HttpSession session) {
		@SuppressWarnings("unchecked")
		List<String> tokens = (List<String>) session.getAttribute(TOKENS_ATTRIBUTE);
		List<String> updated = (tokens != null) ? new ArrayList<>(tokens) : new ArrayList<>();
		updated.add(token);
		session.setAttribute(TOKENS_ATTRIBUTE, updated);
		return body(session, updated);
	}

	@GetMapping
	Map<String, Object> tokens(HttpSession session) {
		@SuppressWarnings("unchecked")
		List<String> tokens = (List<String>) session.getAttribute(TOKENS_ATTRIBUTE);
		return body(session, (tokens != null) ? tokens : List.of());
	}

	private static Map<String, Object> body(HttpSession session, List<String> tokens) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("new", session.isNew());
		body.put("tokens", tokens);
		return body;
	}

}
