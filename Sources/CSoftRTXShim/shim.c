#define _GNU_SOURCE
#include "CSoftRTXShim.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>

#ifndef PACKET_IGNORE_OUTGOING
#define PACKET_IGNORE_OUTGOING 23
#endif
// UDP segmentation offload on TAP (Linux 6.2); older headers lack the names.
#ifndef TUN_F_USO4
#define TUN_F_USO4 0x20
#define TUN_F_USO6 0x40
#endif

static int fail(int fd) {
    int saved = errno;
    if (fd >= 0) close(fd);
    return -saved;
}

int softrtx_packet_open(int ifindex) {
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0) return fail(-1);
    struct sockaddr_ll address;
    memset(&address, 0, sizeof address);
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = ifindex;
    if (bind(fd, (struct sockaddr *)&address, sizeof address) < 0) return fail(fd);
    int one = 1;
    // A virtio_net_hdr before every frame, both ways: partial checksums and GSO super-frames arrive
    // as such, and leave as such for the kernel (or the NIC) to finish.
    if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof one) < 0) return fail(fd);
    if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one) < 0) return fail(fd);
    struct packet_mreq membership;
    memset(&membership, 0, sizeof membership);
    membership.mr_ifindex = ifindex;
    membership.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, sizeof membership) < 0) return fail(fd);
    // A router's port must ride out bursts: the default buffers (about 200 KB) overflow under one
    // TCP window, and every frame lost there costs the sender a retransmission. As root the
    // FORCE options pass the sysctl ceilings; otherwise the plain ones give what they allow.
    int size = 4 << 20;
    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
    if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof size) < 0)
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    return fd;
}

int softrtx_tap_open(const char *name) {
    if (strlen(name) >= IFNAMSIZ) return -ENAMETOOLONG;
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return fail(-1);
    struct ifreq request;
    memset(&request, 0, sizeof request);
    strncpy(request.ifr_name, name, IFNAMSIZ - 1);
    request.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (ioctl(fd, TUNSETIFF, &request) < 0) return fail(fd);
    // The namespace behind the TAP may hand us what a virtio NIC takes: partial checksums, TCP and
    // UDP super-frames. UDP segmentation is newer (6.2): without it, the rest.
    unsigned offloads = TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6 | TUN_F_TSO_ECN;
    if (ioctl(fd, TUNSETOFFLOAD, offloads | TUN_F_USO4 | TUN_F_USO6) < 0 && ioctl(fd, TUNSETOFFLOAD, offloads) < 0)
        return fail(fd);
    // A new TAP is down; the router owns its link, so it brings it up like a plugged cable.
    int control = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (control < 0) return fail(fd);
    int status = ioctl(control, SIOCGIFFLAGS, &request);
    if (status == 0) {
        request.ifr_flags |= IFF_UP;
        status = ioctl(control, SIOCSIFFLAGS, &request);
    }
    int saved = errno;
    close(control);
    if (status < 0) {
        close(fd);
        return -saved;
    }
    return fd;
}

int softrtx_send_frames(int fd, const struct iovec *vectors, unsigned int count, int is_socket, int *error) {
    enum { batch = 64 };
    struct mmsghdr messages[batch];
    unsigned int next = 0, accepted = 0;
    *error = 0;
    while (next < count) {
        int done;
        if (is_socket) {
            unsigned int n = count - next < batch ? count - next : batch;
            memset(messages, 0, sizeof(struct mmsghdr) * n);
            for (unsigned int i = 0; i < n; i++) {
                messages[i].msg_hdr.msg_iov = (struct iovec *)&vectors[2 * (next + i)];
                messages[i].msg_hdr.msg_iovlen = 2;
            }
            done = sendmmsg(fd, messages, n, MSG_DONTWAIT);
        } else {
            // A TAP is a character device: one writev a frame.
            done = writev(fd, &vectors[2 * next], 2) < 0 ? -1 : 1;
        }
        if (done > 0) {
            next += (unsigned int)done;
            accepted += (unsigned int)done;
            continue;
        }
        *error = done < 0 ? errno : EAGAIN;
        // A full queue drops the rest, as a NIC's full ring does; a frame the kernel refuses (its
        // offload metadata, say) is skipped alone, so one bad frame costs no other.
        if (done == 0 || errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOBUFS) break;
        next += 1;
    }
    return (int)accepted;
}
