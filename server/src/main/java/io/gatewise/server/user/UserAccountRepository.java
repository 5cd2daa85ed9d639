package io.gatewise.server.user;

import java.util.List;
import java.util.Optional;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

public interface UserAccountRepository extends JpaRepository<UserAccount, Long> {
    Optional<UserAccount> findByUsername(String username);

    boolean existsByUsernameIgnoreCase(String username);

    List<UserAccount> findAllByOrderByUsernameAsc();

    /**
     * The enabled admins, locked (SELECT … FOR UPDATE) so that two admins demoting each
     * other at the same moment cannot both succeed and leave no admin.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select u from UserAccount u where u.role = 'ADMIN' and u.enabled = true order by u.id")
    List<UserAccount> lockEnabledAdmins();
}
